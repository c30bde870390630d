package dev.jnet.cluster;

/**
 * The outcome of claiming a key that at most one holder may have (a network name, a VNI, a subnet, an
 * address): this caller won it, or someone holds it already.
 */
public sealed interface Claim {
    /** The key is this caller's: it was free and now names the caller, or it named the caller already. */
    record Won() implements Claim {}

    /** Another holder has the key; {@code holder} is what it stored there. */
    record Held(String holder) implements Claim {}

    default boolean won() {
        return this instanceof Won;
    }
}
