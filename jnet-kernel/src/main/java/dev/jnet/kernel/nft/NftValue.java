package dev.jnet.kernel.nft;

import dev.jnet.net.IfName;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * One typed part of a set element's key or a map element's data: the bytes the kernel stores, and the
 * same value as nft writes it (for scripts that libnftables applies, such as a rebuild). Only the
 * factories make values, each valid for its type.
 */
public final class NftValue {
    private static final Map<Integer, String> PROTOCOL_NAMES = Map.of(1, "icmp", 6, "tcp", 17, "udp", 58, "ipv6-icmp", 132, "sctp");
    private final NftType type;
    private final byte[] bytes;
    private final String text;

    private NftValue(NftType type, byte[] bytes, String text) {
        this.type = type;
        this.bytes = bytes;
        this.text = text;
    }

    /** An interface name, NUL-padded to 16 bytes. */
    public static NftValue ifname(IfName name) {
        byte[] raw = name.value().getBytes(StandardCharsets.UTF_8);
        return new NftValue(NftType.IFNAME, Arrays.copyOf(raw, NftType.IFNAME.length()), "\"" + name.value() + "\"");
    }

    public static NftValue etherAddr(MacAddress mac) {
        return new NftValue(NftType.ETHER_ADDR, mac.bytes(), mac.toString());
    }

    public static NftValue ipv4Addr(Inet4Address address) {
        return new NftValue(NftType.IPV4_ADDR, address.getAddress(), IpFormat.format(address));
    }

    public static NftValue ipv6Addr(Inet6Address address) {
        return new NftValue(NftType.IPV6_ADDR, address.getAddress(), IpFormat.format(address));
    }

    /** An IP protocol by number (6 for tcp, 17 udp, 132 sctp); written by name where nft has one. */
    public static NftValue inetProto(int protocol) {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("IP protocol " + protocol + " is not 0 to 255");
        }
        return new NftValue(NftType.INET_PROTO, new byte[] {(byte) protocol},
                PROTOCOL_NAMES.getOrDefault(protocol, Integer.toString(protocol)));
    }

    /** A transport port, big-endian as in the packet. */
    public static NftValue inetService(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not 0 to 65535");
        }
        return new NftValue(NftType.INET_SERVICE, new byte[] {(byte) (port >>> 8), (byte) port}, Integer.toString(port));
    }

    /** 16 raw bytes, matched against a 128-bit payload in packet order; written as one hex number. */
    public static NftValue integer128(byte[] raw) {
        if (raw.length != NftType.INTEGER_128.length()) {
            throw new IllegalArgumentException("a 128-bit value has 16 bytes, got " + raw.length);
        }
        return new NftValue(NftType.INTEGER_128, raw.clone(), "0x" + HexFormat.of().formatHex(raw));
    }

    public NftType type() {
        return type;
    }

    /** The value's bytes as the kernel stores them, without padding. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The value in nft's syntax: {@code "veth1"}, {@code 02:42:ac:11:00:02}, {@code tcp}, {@code 8080}. */
    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NftValue v && v.type == type && Arrays.equals(v.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(bytes);
    }
}
