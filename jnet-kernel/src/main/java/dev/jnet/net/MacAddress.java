package dev.jnet.net;

import dev.jnet.error.JnetException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/** A 48-bit Ethernet address, written {@code 02:42:ac:11:00:02}. */
public final class MacAddress {
    private static final HexFormat FORMAT = HexFormat.ofDelimiter(":");
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses six colon-separated hex octets; anything else is an {@code INVALID} error. */
    public static MacAddress parse(String text) {
        if (text == null || !text.matches("\\p{XDigit}{2}(:\\p{XDigit}{2}){5}")) {
            throw JnetException.invalid("MAC address '" + text
                    + "' is not six colon-separated hex octets such as 02:42:ac:11:00:02");
        }
        return new MacAddress(FORMAT.parseHex(text));
    }

    /** Wraps six raw bytes (copied). */
    public static MacAddress of(byte[] raw) {
        if (raw.length != 6) {
            throw JnetException.invalid("a MAC address has 6 bytes, got " + raw.length);
        }
        return new MacAddress(raw.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether the group bit is set (broadcast and multicast addresses), which interfaces may not use. */
    public boolean isMulticast() {
        return (bytes[0] & 1) != 0;
    }

    /**
     * The IPv6 link-local address Linux gives an interface with this address (modified EUI-64, RFC 4291
     * appendix A: the universal/local bit flipped, {@code ff:fe} in the middle), unless the interface's
     * {@code addr_gen_mode} says otherwise.
     */
    public Inet6Address linkLocalIpv6() {
        byte[] a = new byte[16];
        a[0] = (byte) 0xfe;
        a[1] = (byte) 0x80;
        a[8] = (byte) (bytes[0] ^ 0x02);
        a[9] = bytes[1];
        a[10] = bytes[2];
        a[11] = (byte) 0xff;
        a[12] = (byte) 0xfe;
        a[13] = bytes[3];
        a[14] = bytes[4];
        a[15] = bytes[5];
        try {
            return (Inet6Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return FORMAT.formatHex(bytes);
    }
}
