package dev.jnet.cluster.etcd;

import dev.jnet.cluster.Listing;
import dev.jnet.error.JnetException;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;

import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

import static dev.jnet.cluster.etcd.EtcdStore.bytes;
import static dev.jnet.cluster.etcd.EtcdStore.text;

/**
 * A prefix of the store, kept as a whole listing: listed once, then watched from the listing's revision.
 * Any break of the watch (a compacted revision, no leader, a lost connection) closes it and lists again,
 * with a pause that grows while the store cannot be reached; a periodic resync lists again anyway. The
 * consumer gets the listing on its own thread, only when it differs from the last one it got.
 */
final class PrefixWatch implements AutoCloseable {
    static final Duration RESYNC = Duration.ofSeconds(60);
    private static final System.Logger LOG = System.getLogger(PrefixWatch.class.getName());
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final EtcdStore store;
    private final String prefix;
    private final Consumer<Listing> onChange;
    private final ExecutorService delivery;
    private final TreeMap<String, String> entries = new TreeMap<>();
    private Listing delivered;
    private long revision;
    private Watch.Watcher watcher;
    private ScheduledFuture<?> resync;
    private boolean closed;
    private boolean broken;

    private PrefixWatch(EtcdStore store, String prefix, Consumer<Listing> onChange) {
        this.store = store;
        this.prefix = prefix;
        this.onChange = onChange;
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jnet-cluster-watch " + prefix);
            t.setDaemon(true);
            return t;
        });
    }

    /** Lists {@code prefix} (failing if the store cannot be reached now), delivers it and starts watching. */
    static PrefixWatch start(EtcdStore store, String prefix, Consumer<Listing> onChange, Duration resyncEvery) {
        PrefixWatch w = new PrefixWatch(store, prefix, onChange);
        w.relist();
        synchronized (w) {
            w.resync = store.every(w::resync, resyncEvery);
        }
        return w;
    }

    private void relist() {
        Listing listing = store.list(prefix);
        synchronized (this) {
            if (closed) {
                return;
            }
            if (watcher != null) {
                watcher.close();
            }
            entries.clear();
            entries.putAll(listing.entries());
            revision = listing.revision();
            broken = false;
            WatchOption from = WatchOption.builder().isPrefix(true).withRevision(revision + 1).withPrevKV(true)
                    .withRequireLeader(true).build();
            watcher = store.client().getWatchClient().watch(bytes(prefix), from,
                    Watch.listener(this::onEvents, this::onBroken, () -> onBroken(null)));
            deliverIfChangedLocked();
        }
    }

    private synchronized void onEvents(WatchResponse response) {
        if (closed || broken) {
            return;
        }
        boolean changed = false;
        for (WatchEvent e : response.getEvents()) {
            if (e.getKeyValue().getModRevision() <= revision) {
                continue; // from a watch closed by a newer listing
            }
            String key = text(e.getKeyValue().getKey());
            String before = switch (e.getEventType()) {
                case PUT -> entries.put(key, text(e.getKeyValue().getValue()));
                case DELETE -> entries.remove(key);
                case UNRECOGNIZED -> entries.get(key);
            };
            changed |= !java.util.Objects.equals(before, entries.get(key));
            revision = e.getKeyValue().getModRevision();
        }
        if (changed) { // a put of the value a key already held changes no listing
            deliver(new Listing(entries, revision));
        }
    }

    private void onBroken(Throwable cause) {
        synchronized (this) {
            if (closed || broken) {
                return;
            }
            broken = true;
        }
        LOG.log(System.Logger.Level.DEBUG, "cluster store: watch of " + prefix + " broke ("
                + (cause == null ? "closed" : cause.getMessage()) + "); listing again");
        store.later(() -> retry(FIRST_RETRY), FIRST_RETRY);
    }

    private void retry(Duration pause) {
        try {
            relist();
        } catch (JnetException e) {
            Duration next = pause.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : pause.multipliedBy(2);
            store.later(() -> retry(next), next);
        }
    }

    private void resync() {
        try {
            relist();
        } catch (JnetException e) {
            // The watch reports its own break; the next resync tries again.
        }
    }

    /** The listing just made, to the consumer if it differs from the last one delivered (a relist's may not). */
    private void deliverIfChangedLocked() {
        Listing now = new Listing(entries, revision);
        if (delivered == null || !delivered.entries().equals(now.entries())) {
            deliver(now);
        }
    }

    private void deliver(Listing now) {
        delivered = now;
        delivery.execute(() -> {
            try {
                onChange.accept(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cluster store: the consumer of " + prefix + " failed", e);
            }
        });
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (watcher != null) {
                watcher.close();
            }
            if (resync != null) {
                resync.cancel(false);
            }
        }
        delivery.shutdown();
    }
}
