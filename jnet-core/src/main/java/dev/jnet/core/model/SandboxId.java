package dev.jnet.core.model;

/**
 * A sandbox's identifier: 64 lowercase hex digits, shown shortened to 12 as Docker does.
 *
 * @param value the full identifier
 */
public record SandboxId(String value) {
    public SandboxId {
        HexId.check(value, "sandbox");
    }

    public static SandboxId random() {
        return new SandboxId(HexId.random());
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
