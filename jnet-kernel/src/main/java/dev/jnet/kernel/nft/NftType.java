package dev.jnet.kernel.nft;

/**
 * The nftables data types of jnet's set keys and map data, with the bytes a value of each takes in the
 * kernel. In a concatenation ({@code ifname . ether_addr}) every part takes a whole number of 32-bit
 * registers, so the parts are padded to 4 bytes; a key of one part is not padded.
 */
public enum NftType {
    /** An interface name: up to 15 bytes, NUL-padded to {@code IFNAMSIZ} (16). */
    IFNAME("ifname", 16),
    /** A MAC address, 6 bytes. */
    ETHER_ADDR("ether_addr", 6),
    /** An IPv4 address, 4 bytes in network order. */
    IPV4_ADDR("ipv4_addr", 4),
    /** An IPv6 address, 16 bytes in network order. */
    IPV6_ADDR("ipv6_addr", 16),
    /** An IP protocol number (tcp = 6), 1 byte. */
    INET_PROTO("inet_proto", 1),
    /** A transport port, 2 bytes in network order. */
    INET_SERVICE("inet_service", 2),
    /** A raw 128-bit payload ({@code typeof @th,64,128}), 16 bytes as they are in the packet. */
    INTEGER_128("integer (128 bits)", 16);

    private final String nftName;
    private final int length;

    NftType(String nftName, int length) {
        this.nftName = nftName;
        this.length = length;
    }

    /** The bytes a value takes, before any padding. */
    public int length() {
        return length;
    }

    /** As nft names the type. */
    @Override
    public String toString() {
        return nftName;
    }
}
