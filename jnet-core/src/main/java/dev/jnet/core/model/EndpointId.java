package dev.jnet.core.model;

/**
 * A endpoint's identifier: 64 lowercase hex digits, shown shortened to 12 as Docker does.
 *
 * @param value the full identifier
 */
public record EndpointId(String value) {
    /**
     * How many leading digits tell a host's endpoints apart: drivers name per-endpoint kernel objects after
     * them within the 15 bytes of an interface name ({@code veth} and 7 digits), and the controller gives no
     * two endpoints of a host the same ones (at 28 bits, random ids would share them among 10,000 endpoints
     * about one time in six).
     */
    public static final int NAME_DIGITS = 7;

    public EndpointId {
        HexId.check(value, "endpoint");
    }

    public static EndpointId random() {
        return new EndpointId(HexId.random());
    }

    /** The first {@link #NAME_DIGITS} digits, unique among a host's endpoints. */
    public String nameDigits() {
        return value.substring(0, NAME_DIGITS);
    }

    /** The first 12 digits, as `docker` prints ids. */
    public String shortId() {
        return value.substring(0, HexId.SHORT);
    }

    @Override
    public String toString() {
        return value;
    }
}
