package dev.jnet.cluster;

/**
 * A key kept alive under a lease (this host's record): it vanishes from the store within the lease's
 * time to live once this host stops renewing it, and is written again under a new lease when the old one
 * was lost. Closing stops the renewals (the key expires); revoking removes the key at once.
 */
public interface Registration extends AutoCloseable {
    /** Whether the key is in the store under a lease this process renews. */
    boolean isLive();

    /** Revokes the lease, so the key goes at once (or expires, when the store cannot be reached), and stops. */
    void revoke();

    /** Stops renewing the lease: the key stays until the lease's time to live runs out. */
    @Override
    void close();
}
