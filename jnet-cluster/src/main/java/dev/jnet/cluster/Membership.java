package dev.jnet.cluster;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * This host in the cluster: its record registered under a lease, and the live hosts as the store lists
 * them. Joining never waits for the store: when etcd cannot be reached at start, jnetd starts anyway (its
 * local networks work) and keeps trying in the background. A different process holding this host's id is a
 * configuration error and stops the start. Stopping leaves the record to expire with its lease, so a
 * restart within the lease's time to live is seamless for the other hosts; {@link #leave} removes it now.
 */
public final class Membership implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Membership.class.getName());
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final ClusterStore store;
    private final ClusterConfig config;
    private final HostRecord self;
    private final ScheduledExecutorService retries;
    private final AtomicReference<List<HostRecord>> hosts = new AtomicReference<>(List.of());
    private volatile Registration registration;
    private volatile AutoCloseable watch;
    private volatile String problem = "";
    private volatile boolean closed;

    private Membership(ClusterStore store, ClusterConfig config, String hostId) {
        this.store = store;
        this.config = config;
        this.self = new HostRecord(hostId, config.advertiseAddress().getHostAddress(), UUID.randomUUID().toString(), Instant.now());
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jnet-cluster-membership");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers host {@code hostId} and starts watching the hosts. Fails only if another process holds the id
     * (a {@code CONFLICT}); an unreachable store is retried in the background.
     */
    public static Membership join(ClusterStore store, ClusterConfig config, String hostId) {
        Membership m = new Membership(store, config, hostId);
        try {
            m.tryJoin();
        } catch (JnetException e) {
            m.close();
            throw e;
        }
        return m;
    }

    private void tryJoin() {
        try {
            if (registration == null) {
                registration = store.register(Keys.host(self.id()), self.toJson(), config.leaseTtl(), this::mayReplace);
                LOG.log(System.Logger.Level.INFO, "cluster: host " + self.id() + " (" + self.address() + ") registered in "
                        + storeText());
            }
            if (watch == null) {
                watch = store.watch(Keys.HOSTS, l -> hosts.set(records(l)));
            }
            problem = "";
        } catch (JnetException e) {
            if (closed) {
                return;
            }
            if (e.kind() == ErrorKind.CONFLICT && registration == null && problem.isEmpty()) {
                throw JnetException.conflict("cannot join the cluster: " + e.getMessage() + "; each host needs its own id"
                        + " (the file host-id in the state directory): was this state directory copied from another host?");
            }
            if (!e.getMessage().equals(problem)) {
                LOG.log(System.Logger.Level.WARNING, "cluster: " + e.getMessage() + "; trying again every " + RETRY.toSeconds() + " s");
            }
            problem = e.getMessage();
            if (!closed) {
                retries.schedule(this::retry, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void retry() {
        if (!closed) {
            tryJoin();
        }
    }

    private boolean mayReplace(String current) {
        return HostRecord.fromJson(Keys.host(self.id()), current).sameHostAs(self);
    }

    private static List<HostRecord> records(Listing listing) {
        List<HostRecord> found = new ArrayList<>();
        for (Map.Entry<String, String> e : listing.entries().entrySet()) {
            try {
                found.add(HostRecord.fromJson(e.getKey(), e.getValue()));
            } catch (JnetException bad) {
                LOG.log(System.Logger.Level.WARNING, bad.getMessage());
            }
        }
        return List.copyOf(found);
    }

    /** The hosts the store lists live now, this one included once registered. */
    public List<HostRecord> hosts() {
        return hosts.get();
    }

    public HostRecord self() {
        return self;
    }

    public ClusterStatus status() {
        Registration r = registration;
        return new ClusterStatus(storeText(), self.id(), self.address(), r != null && r.isLive(), problem, hosts());
    }

    private String storeText() {
        return config.store().endpoints().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /** Removes this host's record now (the other hosts drop its endpoints at once), then stops. */
    public void leave() {
        Registration r = registration;
        if (r != null) {
            r.revoke();
        }
        close();
    }

    /** Stops renewing and watching; the record expires with its lease. */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        try {
            AutoCloseable w = watch;
            if (w != null) {
                w.close();
            }
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "cluster: closing the host watch: " + e);
        }
        Registration r = registration;
        if (r != null) {
            r.close();
        }
    }
}
