package dev.jnet.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The cluster's one source of truth for global state, shared by every jnetd of the cluster. Keys and
 * values are text. Every call ends within the store's timeout: when the store cannot be reached it fails
 * with an {@code UNAVAILABLE} "cluster store unreachable" error. A write whose outcome is unknown (it timed
 * out) is resolved by reading the key back, never by writing it again blindly.
 */
public interface ClusterStore extends AutoCloseable {
    /** The value at {@code key}, if there is one (a linearizable read). */
    Optional<String> get(String key);

    /** Every key under {@code prefix} with its value, and the revision they reflect. */
    Listing list(String prefix);

    /**
     * Claims {@code key} for {@code holder}, if no one holds it: a create-if-absent transaction. Holders
     * must be unique to the claimant (so that reading back tells whose claim landed).
     */
    Claim claim(String key, String holder);

    /** Removes {@code key} if {@code holder} still holds it; nothing happens otherwise. Idempotent. */
    void release(String key, String holder);

    /**
     * Writes {@code value} at {@code key} if it holds {@code expected} (a compare-and-swap); false if it holds
     * something else or nothing. True also if it holds {@code value} already (a retried call).
     */
    boolean replace(String key, String expected, String value);

    /**
     * Writes {@code value} at {@code key} for {@code ttl}; then the store removes it (a lease that is not
     * renewed). A trace that outlives no one: a VXLAN id just freed, say.
     */
    void putFor(String key, String value, Duration ttl);

    /** The version of {@code key} (etcd's: how often it was written since its creation; 0 when absent). */
    long version(String key);

    /**
     * Writes every entry of {@code puts} and bumps {@code guard}, all in one transaction, if {@code guard}
     * still has {@code guardVersion}: optimistic concurrency for choices that depend on many keys at once (a
     * subnet that may overlap no other). False if the guard moved: read again and choose again. An answer
     * that did not come in time is read back (the first entry of {@code puts} holds its value if it landed).
     */
    boolean putAllIf(String guard, long guardVersion, java.util.SequencedMap<String, String> puts);

    /**
     * Writes {@code value} at {@code key} under a lease of {@code ttl}, renewed until the registration is
     * closed. A value already there (a previous life of this process whose lease has not run out) is
     * replaced only if {@code mayReplace} accepts it; otherwise this fails with a conflict.
     */
    Registration register(String key, String value, Duration ttl, Predicate<String> mayReplace);

    /**
     * Watches every key under {@code prefix}: {@code onChange} gets the whole listing at once, then again
     * after each change, after any loss of the watch (re-listed) and on a periodic resync when it differs.
     * Calls to {@code onChange} come one at a time, from a thread of the watch's own.
     */
    AutoCloseable watch(String prefix, Consumer<Listing> onChange);

    @Override
    void close();
}
