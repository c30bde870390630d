package dev.jnet.net;

import dev.jnet.error.JnetException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address with a prefix length, such as {@code 172.18.0.2/16} or {@code fd00::1/64}. The
 * address may have host bits set (an interface address); {@link #network()} clears them.
 *
 * @param address the address
 * @param prefixLength 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(InetAddress address, int prefixLength) {
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 =
            Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);

    public Cidr {
        if (address == null) {
            throw JnetException.invalid("CIDR needs an address");
        }
        int max = bits(address);
        if (prefixLength < 0 || prefixLength > max) {
            throw JnetException.invalid("prefix length /" + prefixLength + " is out of range for "
                    + IpFormat.format(address) + " (0 to " + max + ")");
        }
    }

    /**
     * Parses {@code ADDRESS/PREFIX}; a bare address means a host prefix (/32 or /128). Never looks up
     * names: anything but a literal address is an {@code INVALID} error.
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw JnetException.invalid("CIDR must not be empty");
        }
        int slash = text.indexOf('/');
        InetAddress address = parseAddress(slash < 0 ? text : text.substring(0, slash), text);
        if (slash < 0) {
            return new Cidr(address, bits(address));
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}")) {
            throw JnetException.invalid("CIDR '" + text + "' has a bad prefix length '" + prefix + "'");
        }
        return new Cidr(address, Integer.parseInt(prefix));
    }

    /** Parses a literal IPv4 or IPv6 address, without any name lookup. */
    public static InetAddress parseAddress(String literal) {
        return parseAddress(literal, literal);
    }

    private static InetAddress parseAddress(String literal, String whole) {
        // Dotted quads only, as Docker's Go parser: no "10.1" shorthands, no octal-looking leading zeros.
        if (literal.indexOf(':') < 0 && !IPV4.matcher(literal).matches()) {
            throw JnetException.invalid("'" + whole + "' is not a valid IP address or CIDR");
        }
        // As Go's netip parsers: no "[::1]" and no zone ("fe80::1%eth0"), which would tie a subnet to a link.
        if (literal.indexOf('[') >= 0 || literal.indexOf('%') >= 0) {
            throw JnetException.invalid("'" + whole + "' is not a valid IP address or CIDR"
                    + (literal.indexOf('%') >= 0 ? ": an address here cannot carry a zone (%...)" : ""));
        }
        try {
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw JnetException.invalid("'" + whole + "' is not a valid IP address or CIDR");
        }
    }

    /** A host prefix for the address: /32 for IPv4, /128 for IPv6. */
    public static Cidr host(InetAddress address) {
        return new Cidr(address, bits(address));
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The same prefix with the host bits cleared: {@code 172.18.0.2/16} gives {@code 172.18.0.0/16}. */
    public Cidr network() {
        byte[] raw = address.getAddress();
        for (int bit = prefixLength; bit < raw.length * 8; bit++) {
            raw[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return new Cidr(InetAddress.getByAddress(raw), prefixLength);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("cannot happen for a 4 or 16 byte address", e);
        }
    }

    /** Whether the address falls inside this prefix. */
    public boolean contains(InetAddress candidate) {
        if (bits(candidate) != bits(address)) {
            return false;
        }
        return new Cidr(candidate, prefixLength).network().equals(network());
    }

    /** Whether the two prefixes share an address (of one family, one contains the other's first address). */
    public boolean overlaps(Cidr other) {
        return isIpv4() == other.isIpv4() && (contains(other.network().address()) || other.contains(network().address()));
    }

    private static int bits(InetAddress address) {
        return address.getAddress().length * 8;
    }

    @Override
    public String toString() {
        return IpFormat.format(address) + "/" + prefixLength;
    }
}
