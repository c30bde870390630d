package dev.jnet.core.model;

/**
 * A network's identifier: 64 lowercase hex digits, shown shortened to 12 as Docker does.
 *
 * @param value the full identifier
 */
public record NetworkId(String value) {
    public NetworkId {
        HexId.check(value, "network");
    }

    public static NetworkId random() {
        return new NetworkId(HexId.random());
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
