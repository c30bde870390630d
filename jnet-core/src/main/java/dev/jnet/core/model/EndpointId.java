package dev.jnet.core.model;

/**
 * A endpoint's identifier: 64 lowercase hex digits, shown shortened to 12 as Docker does.
 *
 * @param value the full identifier
 */
public record EndpointId(String value) {
    public EndpointId {
        HexId.check(value, "endpoint");
    }

    public static EndpointId random() {
        return new EndpointId(HexId.random());
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
