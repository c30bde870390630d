package dev.jnet.core.driver.overlay;

/**
 * What bringing a network's remote endpoints in line wrote: entries added or corrected (neighbour and FDB
 * rows), and stale ones removed. Zero and zero: the kernel already matched.
 */
public record PeerChanges(int written, int removed) {
    public boolean changedNothing() {
        return written == 0 && removed == 0;
    }
}
