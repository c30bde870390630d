package dev.jnet.cluster;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.controller.GlobalNetworks;
import dev.jnet.core.driver.overlay.OverlayDriver;
import dev.jnet.core.driver.overlay.RemoteEndpoint;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Scope;
import dev.jnet.error.JnetException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

/**
 * Keeps this host's global networks in line with the cluster: publishes what users change here (network
 * records and names, endpoint records) as the controller changes it, makes or removes here what the cluster
 * lists, and programs every overlay network's remote endpoints from the live hosts' endpoint records. What it
 * does from the store is level-triggered: each listing is compared whole with what this host has.
 */
public final class ClusterSync implements GlobalNetworks, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterSync.class.getName());

    private final ClusterStore store;
    private final GlobalIpam global;
    private final Controller controller;
    private final OverlayDriver overlay;
    private final String hostId;
    /** How often the data path is compared with the listings anyway (a row someone deleted comes back). */
    static final java.time.Duration RESYNC = java.time.Duration.ofSeconds(30);
    /** How long a start waits for the store's listings before it follows the last snapshot instead. */
    static final java.time.Duration SNAPSHOT_WAIT = java.time.Duration.ofSeconds(3);
    /**
     * How far apart the janitor's rounds are (a leak is freed in the second round that finds it): 60 s, or the
     * milliseconds of the system property {@code jnet.cluster.janitor-round-ms} (for tests).
     */
    static final java.time.Duration JANITOR_ROUND = java.time.Duration.ofMillis(Long.getLong("jnet.cluster.janitor-round-ms", 60_000));

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jnet-cluster-sync");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Listing> networks = new AtomicReference<>();
    private final AtomicReference<Listing> hosts = new AtomicReference<>();
    /** The host addresses the drivers were last told (worker only). */
    private Set<String> toldHosts = Set.of();
    private final AtomicReference<Listing> endpoints = new AtomicReference<>();
    private final List<AutoCloseable> watches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.nio.file.Path snapshotFile;
    /** The listings the snapshot file holds, and whether a save of newer ones is scheduled (only the worker touches them). */
    private ClusterSnapshot saved;
    private boolean snapshotPending;
    /** How long after a change the snapshot file is written. */
    static final java.time.Duration SNAPSHOT_DELAY = java.time.Duration.ofSeconds(1);
    private final StoreJanitor janitor;
    /** What this host last programmed, per overlay network, and the remote names it last handed over (worker only). */
    private final Map<NetworkId, Set<RemoteEndpoint>> programmed = new java.util.HashMap<>();
    private Map<NetworkId, List<dev.jnet.core.controller.RemoteName>> remoteNames;
    private final RecordCache records = new RecordCache();
    /** The network listing last followed without a failure, and the host listing last read, with its records (worker only). */
    private Listing followed;
    private Listing hostsRead;
    private List<HostRecord> liveHosts = List.of();

    private ClusterSync(ClusterStore store, GlobalIpam global, Controller controller, OverlayDriver overlay, String hostId,
                        java.nio.file.Path snapshotFile) {
        this.store = store;
        this.global = global;
        this.controller = controller;
        this.overlay = overlay;
        this.hostId = hostId;
        this.snapshotFile = snapshotFile;
        this.janitor = new StoreJanitor(store, global, hostId);
    }

    /**
     * Attaches to {@code controller} and starts watching; a store away now is watched once it answers, and
     * meanwhile the remote endpoints and names come from the last snapshot in {@code snapshotFile}.
     */
    public static ClusterSync start(ClusterStore store, GlobalIpam global, Controller controller, OverlayDriver overlay,
                                    String hostId, java.nio.file.Path snapshotFile) {
        ClusterSync sync = new ClusterSync(store, global, controller, overlay, hostId, snapshotFile);
        controller.attachCluster(sync);
        sync.watch(Keys.NETWORKS, sync.networks, (before, after) -> false);
        sync.watch(Keys.HOSTS, sync.hosts, (before, after) -> false);
        // Each address's claim holds its endpoint's record. This host's own connects change none of its remote
        // endpoints: they need no sync (which would otherwise run while the connect's claim is answered).
        sync.watch(Keys.IPS, sync.endpoints, (before, after) -> AddressHolder.onlyHostsOwnChanged(before.entries(),
                after.entries(), hostId));
        sync.worker.schedule(sync::followSnapshotIfUnlisted, SNAPSHOT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        sync.worker.scheduleWithFixedDelay(sync::resync, RESYNC.toMillis(), RESYNC.toMillis(), TimeUnit.MILLISECONDS);
        sync.worker.scheduleWithFixedDelay(sync::collect, JANITOR_ROUND.toMillis(), JANITOR_ROUND.toMillis(),
                TimeUnit.MILLISECONDS);
        return sync;
    }

    /** No listing yet (the store is away): the last snapshot's hosts and endpoints, if there is one. */
    private void followSnapshotIfUnlisted() {
        if (hosts.get() != null && endpoints.get() != null) {
            return;
        }
        ClusterSnapshot.load(snapshotFile).ifPresent(snapshot -> {
            saved = snapshot;
            hosts.compareAndSet(null, snapshot.hosts());
            endpoints.compareAndSet(null, snapshot.endpoints());
            LOG.log(System.Logger.Level.WARNING, "cluster: no answer from the store yet; remote endpoints and names"
                    + " follow the snapshot of " + snapshot.taken() + " until it answers");
            sync();
        });
    }

    /** One round of the janitor: leaked claims freed, lost records of this host's endpoints written again. */
    private void collect() {
        try {
            List<EndpointRecord> local = new ArrayList<>();
            Set<String> localNetworks = new java.util.HashSet<>();
            for (Network n : controller.networks()) {
                if (n.scope() == Scope.GLOBAL) {
                    localNetworks.add(n.id().value());
                    controller.endpointsOf(n).forEach(e -> local.add(record(n, e)));
                }
            }
            janitor.round(local, localNetworks);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cluster: janitor round skipped: " + e.getMessage());
        }
    }

    /**
     * Watches {@code prefix} into {@code latest}, syncing after each change unless {@code noSyncNeeded} says
     * the change needs none (then only the snapshot follows); while the store cannot be reached, tries again
     * every 2 s.
     */
    private void watch(String prefix, AtomicReference<Listing> latest, BiPredicate<Listing, Listing> noSyncNeeded) {
        try {
            watches.add(store.watch(prefix, l -> {
                Listing before = latest.getAndSet(l);
                worker.execute(before != null && noSyncNeeded.test(before, l) ? this::keepLatestSnapshot : this::sync);
            }));
        } catch (JnetException e) {
            LOG.log(System.Logger.Level.DEBUG, "cluster: cannot watch " + prefix + " yet (" + e.getMessage()
                    + "); global networks follow the cluster once it answers");
            worker.schedule(() -> watch(prefix, latest, noSyncNeeded), 2, TimeUnit.SECONDS);
        }
    }

    private void keepLatestSnapshot() {
        Listing live = hosts.get();
        Listing published = endpoints.get();
        if (live != null && published != null) {
            keepSnapshot(live, published);
        }
    }

    // ---- what users change here, published as it happens (inside the controller's change) ----

    @Override
    public void created(Network network) {
        String id = network.id().value();
        if (store.claim(Keys.name(network.name()), id) instanceof Claim.Held held) {
            throw JnetException.conflict("network with name " + network.name() + " already exists in the cluster (global"
                    + " network " + held.holder() + ")");
        }
        try {
            store.claim(Keys.network(id), NetworkRecord.of(network).toJson());
        } catch (RuntimeException e) {
            store.release(Keys.name(network.name()), id);
            throw e;
        }
    }

    @Override
    public void removing(Network network) {
        String key = Keys.network(network.id().value());
        store.get(key).ifPresent(record -> store.release(key, record));
        store.release(Keys.name(network.name()), network.id().value());
    }

    /**
     * The endpoint's record went out with its address's claim; only if the endpoint turned out otherwise than
     * its claim said (no address claimed here, another MAC) is the record written now.
     */
    @Override
    public void joined(Network network, Endpoint endpoint) {
        EndpointRecord r = record(network, endpoint);
        if (r.address().isEmpty()) {
            return; // nothing the other hosts could reach
        }
        String json = r.toJson();
        Optional<String> claimed = global.heldHere(r.key());
        if (claimed.equals(Optional.of(json))) {
            return;
        }
        String current = claimed.or(() -> store.get(r.key())).orElseThrow(() -> JnetException.conflict("address "
                + r.address() + " of endpoint " + endpoint.id().shortId() + " is not claimed in the cluster"));
        if (!AddressHolder.hostOf(r.key(), current).equals(hostId) || !global.rewrite(r.key(), current, json)) {
            throw JnetException.conflict("address " + r.address() + " of endpoint " + endpoint.id().shortId()
                    + " is held by another in the cluster: " + current);
        }
    }

    /** Its record goes with its address, which the controller releases next. */
    @Override
    public void left(Network network, Endpoint endpoint) {
    }

    private EndpointRecord record(Network network, Endpoint endpoint) {
        return new EndpointRecord(network.id().value(), endpoint.id().value(), hostId,
                endpoint.ipv4().map(a -> a.address().getHostAddress()).orElse(""), endpoint.mac().toString(), endpoint.names());
    }

    // ---- what the cluster lists, made here ----

    /** Every network's data path compared with the kernel again, whether its remote endpoints changed or not. */
    private void resync() {
        programmed.clear();
        remoteNames = null;
        followed = null;
        sync();
    }

    private void sync() {
        try {
            syncOnce();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: sync failed (next in " + RESYNC.toSeconds() + " s): " + e.getMessage());
        }
    }

    private void syncOnce() {
        Listing records = networks.get();
        if (records != null && records != followed) { // most changes are of endpoints
            followed = followNetworks(records) ? records : null;
        }
        Listing live = hosts.get();
        Listing published = endpoints.get();
        if (live != null && published != null) {
            programPeers(live, published);
            keepSnapshot(live, published);
        }
    }

    /**
     * The listings just followed go into the snapshot file if they differ from what it holds, within
     * {@link #SNAPSHOT_DELAY}: a burst of changes costs one write (each is a file synced to disk), and a
     * crash loses at most that much of the cluster's latest state, which etcd has anyway.
     */
    private void keepSnapshot(Listing live, Listing published) {
        if (!snapshotPending && !savedHolds(live, published)) {
            snapshotPending = true;
            worker.schedule(this::saveSnapshot, SNAPSHOT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean savedHolds(Listing live, Listing published) {
        return saved != null && saved.hosts().entries().equals(live.entries())
                && saved.endpoints().entries().equals(published.entries()); // a revision alone is no change
    }

    /** The latest listings into the snapshot file, if a save is pending (worker only). */
    private void saveSnapshot() {
        if (!snapshotPending) {
            return;
        }
        snapshotPending = false;
        Listing live = hosts.get();
        Listing published = endpoints.get();
        if (live == null || published == null || savedHolds(live, published)) {
            return;
        }
        try {
            ClusterSnapshot next = new ClusterSnapshot(live, published, java.time.Instant.now());
            next.save(snapshotFile);
            saved = next;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: " + e.getMessage());
        }
    }

    /** Makes the listed networks here and removes the others; whether all of that succeeded. */
    private boolean followNetworks(Listing records) {
        boolean followed = true;
        Set<String> listed = new java.util.HashSet<>();
        for (Map.Entry<String, String> e : records.entries().entrySet()) {
            try {
                NetworkRecord r = NetworkRecord.fromJson(e.getKey(), e.getValue());
                listed.add(r.id());
                controller.adoptNetwork(new NetworkId(r.id()), r.spec());
            } catch (RuntimeException failed) {
                followed = false;
                LOG.log(System.Logger.Level.WARNING, "cluster: cannot make " + e.getKey() + " here: " + failed.getMessage());
            }
        }
        for (Network n : controller.networks()) {
            if (n.scope() == Scope.GLOBAL && !listed.contains(n.id().value())) {
                try {
                    controller.dropNetwork(n.id());
                } catch (RuntimeException failed) {
                    followed = false; // in use here, say: tried again at the next sync
                    LOG.log(System.Logger.Level.WARNING, "cluster: global network " + n.name() + " is gone from the cluster"
                            + " but not from here: " + failed.getMessage());
                }
            }
        }
        return followed;
    }

    /** The live hosts' addresses to the controller's drivers, when they changed (worker only). */
    private void tellHosts(List<HostRecord> liveHosts) {
        Set<String> addresses = new java.util.TreeSet<>();
        liveHosts.forEach(h -> addresses.add(h.address()));
        String self = liveHosts.stream().filter(h -> h.id().equals(hostId)).map(HostRecord::address).findFirst().orElse("");
        if (!addresses.equals(toldHosts)) {
            controller.clusterHosts(addresses, self);
            toldHosts = addresses;
        }
    }

    /**
     * Each overlay network's remote endpoints into its data path, and their names into the resolver: only
     * where they differ from what this host last programmed (a change elsewhere in the cluster, or this host's
     * own endpoint, wakes every host; {@link #resync} compares everything with the kernel again).
     */
    private void programPeers(Listing live, Listing published) {
        if (live != hostsRead) {
            List<HostRecord> read = new ArrayList<>();
            live.entries().forEach((k, v) -> read.add(HostRecord.fromJson(k, v)));
            liveHosts = List.copyOf(read);
            hostsRead = live;
        }
        tellHosts(liveHosts);
        Map<String, Set<RemoteEndpoint>> peers = PeerSets.of(hostId, liveHosts, published, records::read);
        Map<NetworkId, List<dev.jnet.core.controller.RemoteName>> names = PeerSets.names(hostId, liveHosts, published,
                records::read);
        records.endListing();
        if (!names.equals(remoteNames)) {
            controller.setRemoteNames(names);
            remoteNames = names;
        }
        List<Network> now = controller.networks();
        programmed.keySet().removeIf(id -> now.stream().noneMatch(n -> n.id().equals(id)));
        for (Network n : now) {
            if (n.driver().equals(overlay.name())) {
                Set<RemoteEndpoint> desired = peers.getOrDefault(n.id().value(), Set.of());
                if (desired.equals(programmed.get(n.id()))) {
                    continue;
                }
                try {
                    overlay.programPeers(n, desired);
                    programmed.put(n.id(), desired);
                } catch (RuntimeException failed) {
                    programmed.remove(n.id());
                    LOG.log(System.Logger.Level.WARNING, "cluster: cannot program the remote endpoints of " + n.name()
                            + ": " + failed.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        controller.attachCluster(GlobalNetworks.NONE);
        try { // a stop keeps the latest listings for the next start
            worker.submit(this::saveSnapshot).get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "cluster: last snapshot not saved: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable w : watches) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "cluster: closing a watch: " + e);
            }
        }
        worker.shutdownNow();
    }
}
