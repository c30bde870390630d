package dev.jnet.core.controller;

import dev.jnet.core.driver.DriverRegistry;
import dev.jnet.core.driver.SharedStateDriftException;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.SandboxId;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.core.store.Store;
import dev.jnet.core.store.StoreChange;
import dev.jnet.core.store.StoredState;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NamespaceLock;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The CNM controller: networks, sandboxes and the endpoints that join them. Every change is checked
 * first, applied step by step (each step undone if a later one fails), and written to the store before
 * it returns. Reads come from an immutable snapshot and take no lock.
 *
 * <p>{@link #start} loads the store, rebuilds IPAM from it, reconciles the kernel with what is stored,
 * and creates the predefined {@code bridge}, {@code host} and {@code none} networks if missing.
 */
public final class Controller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Controller.class.getName());
    private static final String NAMESPACE_LOCK = "dev.jnet.jnetd";
    private static final Comparator<Network> BY_NAME = Comparator.comparing(Network::name);
    private final Context ctx;
    private final NamespaceLock namespaceLock;
    private final NetworkOps networkOps;
    private final IpamReservations reservations;
    private final EndpointOps endpointOps;
    /** Connects and disconnects, with the gateway bridge's endpoint where a sandbox needs one. */
    private final GatewayBridge gateways;
    private final SandboxOps sandboxOps;
    private final Reconciler reconciler;
    private final DriftRepair drift;
    private Optional<DriftWatcher> watcher = Optional.empty();
    private OwnerWatch owners;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private ReconcileReport startupReport;

    private Controller(Context ctx, NamespaceLock namespaceLock) {
        this.ctx = ctx;
        this.namespaceLock = namespaceLock;
        this.networkOps = new NetworkOps(ctx);
        this.reservations = new IpamReservations(ctx);
        this.endpointOps = new EndpointOps(ctx);
        this.sandboxOps = new SandboxOps(ctx, endpointOps);
        this.gateways = new GatewayBridge(ctx, networkOps, endpointOps);
        this.reconciler = new Reconciler(ctx);
        this.drift = new DriftRepair(ctx, reconciler);
    }

    /**
     * Starts a controller on stored state; the caller keeps ownership of the kernel and store. CONFLICT if
     * another controller (a jnetd, or another program's) runs in the kernel's host namespace: it would
     * remove the other's bridges as orphans and rebuild its firewall table away. The namespace stays taken
     * until {@link #close}, or until the process ends.
     */
    public static Controller start(ControllerConfig config, Kernel kernel, Store store, Ipam ipam, DriverRegistry drivers) {
        return start(config, kernel, store, ipam, ipam, drivers);
    }

    /**
     * {@link #start(ControllerConfig, Kernel, Store, Ipam, DriverRegistry)} on a host of a cluster: global
     * networks (of drivers whose data scope is global) take their subnets and addresses from {@code globalIpam}.
     */
    public static Controller start(ControllerConfig config, Kernel kernel, Store store, Ipam ipam, Ipam globalIpam,
                                   DriverRegistry drivers) {
        NamespaceLock lock = takeNamespace(kernel);
        Context ctx;
        try {
            ctx = new Context(config, kernel, store, ipam, globalIpam, drivers);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            long loading = System.nanoTime();
            StoredState stored = StoreUpgrade.joinRecords(withoutDanglingEndpoints(store), store, drivers, config.hostId());
            ctx.publish(s -> State.of(stored));
            restoreIpam(ctx, ipam);
            ctx.restorePorts(ctx.state());
            LOG.log(System.Logger.Level.DEBUG, "loading " + stored.endpoints().size() + " endpoints from the store took "
                    + (System.nanoTime() - loading) / 1_000_000 + " ms");
            Controller controller = new Controller(ctx, lock);
            HostSysctls.recordIfFresh(config.stateDirectory(), kernel.sysctl(kernel.hostNamespace()),
                    stored.networks().isEmpty());
            // First the sandboxes whose container ended while jnetd was down: repairing them would enter
            // whatever namespace their /proc path names now.
            controller.sandboxOps.removeOrphaned();
            controller.startupReport = controller.reconcile();
            controller.networkOps.ensurePredefined();
            controller.gateways.alignAll(); // a crash between an overlay's join and the gateway's left one without it
            if (config.repairDrift()) {
                controller.watcher = DriftWatcher.start(ctx, controller.drift);
            }
            controller.owners = new OwnerWatch(controller.sandboxOps);
            return controller;
        } catch (RuntimeException e) {
            ctx.dns.close();
            lock.close();
            throw e;
        }
    }

    /** One controller per network namespace, under the lock's name jnetd took itself before: an older jnetd counts too. */
    private static NamespaceLock takeNamespace(Kernel kernel) {
        try {
            return NamespaceLock.acquire(kernel.executor(), kernel.hostNamespace(), NAMESPACE_LOCK);
        } catch (JnetException e) {
            if (e.kind() == ErrorKind.CONFLICT) {
                throw JnetException.conflict("another jnetd already runs in this network namespace ("
                        + kernel.hostNamespace().path() + "), or another program's jnet controller does; run each in"
                        + " a namespace of its own");
            }
            throw e;
        }
    }

    /**
     * The stored state without endpoints whose network or sandbox is gone (a store written by a jnet with
     * a race since fixed): they are deleted from the store, and their leftovers go as orphans.
     */
    private static StoredState withoutDanglingEndpoints(Store store) {
        StoredState stored = store.load();
        Set<NetworkId> networks = stored.networks().stream().map(Network::id).collect(Collectors.toSet());
        Set<SandboxId> sandboxes = stored.sandboxes().stream().map(Sandbox::id).collect(Collectors.toSet());
        List<Endpoint> kept = stored.endpoints().stream()
                .filter(e -> networks.contains(e.network()) && sandboxes.contains(e.sandbox())).toList();
        if (kept.size() == stored.endpoints().size()) {
            return stored;
        }
        store.write(stored.endpoints().stream().filter(e -> !kept.contains(e))
                .<StoreChange>map(e -> new StoreChange.DeleteEndpoint(e.id())).toList());
        return new StoredState(stored.networks(), kept, stored.sandboxes());
    }

    public Network createNetwork(NetworkSpec spec) {
        return createNetworkWithWarnings(spec).network();
    }

    /**
     * Creates a network and says what the caller should tell the user: a subnet given that overlaps a route
     * or nameserver of the host is taken with a warning, as Docker's create answer carries one.
     */
    public NetworkCreated createNetworkWithWarnings(NetworkSpec spec) {
        refuseAfterUninstall();
        return repairingFirewall(() -> networkOps.create(spec));
    }

    /** A network by id, unique id prefix or name; NOT_FOUND if none. */
    public Network network(String ref) {
        return ctx.state().network(ref);
    }

    /** Whether jnet's resolver at 127.0.0.11 serves the sandboxes of {@code network} (not on predefined networks). */
    public boolean servesNames(Network network) {
        return ctx.resolvesNames(network);
    }

    /** Whether a connect to {@code network} may publish ports itself (its driver publishes them). */
    public boolean publishesPorts(Network network) {
        return ctx.driverOf(network).capabilities().publishesPorts();
    }

    /** Every network, by name. */
    public List<Network> networks() {
        Network[] all = ctx.state().networks().values().toArray(Network[]::new); // no stream: the cluster's sync asks often
        java.util.Arrays.sort(all, BY_NAME);
        return List.of(all);
    }

    /**
     * Attaches the cluster's side of global networks: from now on creating, removing, joining and leaving them
     * calls {@code globals} (see {@link GlobalNetworks}).
     */
    public void attachCluster(GlobalNetworks globals) {
        ctx.globals = globals;
    }

    /**
     * The endpoints of global networks on other hosts that the embedded resolver answers for, by network
     * (replacing the last set): the cluster's endpoint records.
     */
    public void setRemoteNames(Map<dev.jnet.core.model.NetworkId, List<RemoteName>> names) {
        ctx.setRemoteNames(names);
    }

    /** Makes global network {@code id} here as the cluster records it (see {@link GlobalNetworks}). */
    public void adoptNetwork(dev.jnet.core.model.NetworkId id, NetworkSpec spec) {
        refuseAfterUninstall();
        repairingFirewall(() -> {
            networkOps.adopt(id, spec);
            return null;
        });
    }

    /** Why network {@code network} cannot be used now, if its driver knows (a plugin that is gone). */
    public Optional<String> unavailable(Network network) {
        try {
            return ctx.drivers.ofNetwork(network.driver()).unavailable(network);
        } catch (JnetException e) {
            return Optional.of(e.getMessage()); // no such driver here any more
        }
    }

    /** The cluster's live hosts (advertise addresses, {@code self} among them), for the drivers that follow them. */
    public void clusterHosts(java.util.Set<String> addresses, String self) {
        ctx.drivers.clusterHosts(addresses, self);
    }

    /** Removes global network {@code id} here, which the cluster no longer has; in use here: CONFLICT. */
    public void dropNetwork(dev.jnet.core.model.NetworkId id) {
        networkOps.drop(id);
    }

    public void deleteNetwork(String ref) {
        networkOps.delete(ref);
    }

    /**
     * Holds a subnet for a network that a remote IPAM client (dockerd) creates later: the requested one, or
     * one IPAM chooses as for a network, that overlaps no network and nothing the host uses. Kept in memory
     * under {@code holder} until {@link #releaseReservedPool}; release it just before creating the network.
     */
    public IpamPool reservePool(String holder, PoolRequest request, boolean ipv6) {
        refuseAfterUninstall();
        return reservations.reservePool(holder, request, ipv6);
    }

    public void releaseReservedPool(String holder, dev.jnet.net.Cidr subnet) {
        reservations.releasePool(holder, subnet);
    }

    /**
     * Holds an address of a network for an endpoint that joins later (a remote IPAM client's RequestAddress):
     * {@code preferred}, or the lowest free one of its subnet of that family. Release it just before the
     * connect that asks for it.
     */
    public dev.jnet.net.Cidr reserveAddress(String networkRef, Optional<java.net.InetAddress> preferred, boolean ipv6) {
        return reservations.reserveAddress(networkRef, preferred, ipv6);
    }

    public void releaseReservedAddress(String networkRef, java.net.InetAddress address) {
        reservations.releaseAddress(networkRef, address);
    }

    /**
     * Ends the reservation of {@code address} for the connect that asks for it next (the endpoint it was held
     * for): on a global network that connect's claim takes it over in one step, never leaving it free.
     */
    public void handOverReservedAddress(String networkRef, java.net.InetAddress address) {
        reservations.handOverAddress(networkRef, address);
    }

    /** The connect {@link #handOverReservedAddress} readied {@code address} for failed: its reservation ends too. */
    public void handOverFailed(String networkRef, java.net.InetAddress address) {
        reservations.handOverFailed(networkRef, address);
    }

    /**
     * Calls {@code listener} with every change once it is durable (networks and sandboxes created and
     * removed, connects, disconnects, repairs), on the thread that made it: it must be quick and not throw.
     */
    public void onChange(java.util.function.Consumer<ChangeEvent> listener) {
        ctx.changes.listen(listener);
    }

    /**
     * Gives each IPAM the allocations it made: jnet's own those of networks that name no IPAM plugin, each
     * plugin's (called when first needed) those of its networks.
     */
    private static void restoreIpam(Context ctx, Ipam ipam) {
        State state = ctx.state();
        Map<Boolean, List<Network>> byOwn = state.networks().values().stream()
                .collect(Collectors.partitioningBy(n -> n.ipam().isDefault()));
        List<Network> own = byOwn.get(true);
        // A network without pools (a CNI list's, whose plugins chose the addresses) has nothing to restore.
        Set<NetworkId> ownIds = own.stream().filter(n -> !n.pools().isEmpty()).map(Network::id).collect(Collectors.toSet());
        ipam.restore(own, state.endpoints().values().stream().filter(e -> ownIds.contains(e.network())).toList());
        for (Network network : byOwn.get(false)) {
            try {
                ctx.ipamFor(network).restore(List.of(network), state.endpointsOf(network.id()));
            } catch (JnetException e) { // a controller without that plugin: the network stays, unusable
                LOG.log(System.Logger.Level.WARNING, "network " + network.name() + ": " + e.getMessage());
            }
        }
    }

    /**
     * What the namespace {@code host} uses that a network created without a subnet steps over (its on-link
     * routes, addresses and the nameservers of {@code resolvConf}), as {@code jnet doctor} reports it.
     */
    public static dev.jnet.core.ipam.HostSubnets hostSubnets(dev.jnet.kernel.rtnl.RtNetlink host, java.nio.file.Path resolvConf) {
        return HostSubnetsReader.readForReport(host, resolvConf);
    }

    /** Whether the network is one of the predefined {@code bridge}, {@code host} and {@code none}. */
    public static boolean isPredefined(Network network) {
        return NetworkOps.PREDEFINED.contains(network.name());
    }

    /** Removes user networks without endpoints whose labels match ({@code key} or {@code key=value}). */
    public List<String> pruneNetworks(Map<String, String> labels) {
        return networkOps.prune(labels);
    }

    public Sandbox createSandbox(SandboxSpec spec) {
        refuseAfterUninstall();
        return sandboxOps.create(spec);
    }

    public Sandbox sandbox(String ref) {
        return ctx.state().sandbox(ref);
    }

    public List<Sandbox> sandboxes() {
        return ctx.state().sandboxes().values().stream().sorted(Comparator.comparing(Sandbox::name)).toList();
    }

    /**
     * Makes the running process {@code pid} the sandbox's owner: jnet removes the sandbox once that process
     * ends. INVALID when there is no such process, NOT_FOUND when there is no such sandbox.
     */
    public Sandbox setSandboxOwner(String ref, long pid) {
        return sandboxOps.setOwner(ref, pid);
    }

    /** Disconnects the sandbox from every network and removes it. */
    public void deleteSandbox(String ref) {
        sandboxOps.delete(ref);
    }

    /**
     * Joins a sandbox to a network; its interface is {@code eth0}, {@code eth1}, ... in connect order. A
     * sandbox that joins its first overlay network (and has no other way out) joins the gateway bridge too,
     * which publishes {@code spec}'s ports ({@link dev.jnet.core.model.NetworkSpec#GATEWAY_BRIDGE}).
     */
    public Endpoint connect(String networkRef, String sandboxRef, ConnectSpec spec) {
        refuseAfterUninstall();
        return repairingFirewall(() -> gateways.connect(networkRef, sandboxRef, spec));
    }

    /**
     * Runs a change again after repairing the firewall when the change found it flushed by something else
     * (the change was undone; the repair's rebuild drops whatever it put into the flushed table): a connect
     * never fails because someone ran {@code nft flush ruleset}. The repair runs outside the change's
     * locks, under the exclusive one.
     */
    private <T> T repairingFirewall(Supplier<T> change) {
        try {
            return change.get();
        } catch (SharedStateDriftException e) {
            drift.checkAndRepair(Suspicion.sharedState("a change found the firewall tables flushed"), true);
            return change.get();
        }
    }

    public void disconnect(String networkRef, String sandboxRef, boolean force) {
        gateways.disconnect(networkRef, sandboxRef, force);
    }

    /** The sandbox's endpoint on the network answers to {@code aliases} (besides its name) from now on. */
    public Endpoint setAliases(String networkRef, String sandboxRef, List<String> aliases) {
        return new EndpointAliases(ctx).set(networkRef, sandboxRef, aliases);
    }

    /** A network's endpoints, by name. */
    public List<Endpoint> endpointsOf(Network network) {
        return ctx.state().endpointsOf(network.id());
    }

    /** A sandbox's endpoints, by interface name. */
    public List<Endpoint> endpointsOf(Sandbox sandbox) {
        return ctx.state().endpointsOf(sandbox.id());
    }

    /** What the reconciliation at start-up repaired (after a crash, say). */
    public ReconcileReport startupReport() {
        return startupReport;
    }

    /** What the embedded resolvers answered since start (for metrics). */
    public dev.jnet.core.resolver.DnsStats dnsStats() {
        return ctx.dns.stats();
    }

    /** How long the store's writes (each one durable transaction) took since start (for metrics). */
    public dev.jnet.core.stats.Latency storeWrites() {
        return ctx.storeWrites;
    }

    /**
     * How many times the controller found drift (a deleted bridge or veth, a removed gateway address, a
     * flushed or edited firewall table) and repaired it by itself since it started.
     */
    public long driftRepairs() {
        return drift.repairs();
    }

    /** What a full drift check finds now, in words, without repairing it (empty: the kernel matches). */
    List<String> findDrift() {
        return drift.drift(ctx.state(), Suspicion.everything("asked"));
    }

    /** Makes the kernel match the store again; see {@link ReconcileReport}. */
    public ReconcileReport reconcile() {
        refuseAfterUninstall();
        return reconciler.run();
    }

    /** Whether an uninstall has begun: from then on, nothing is created, repaired or reconciled. */
    private final java.util.concurrent.atomic.AtomicBoolean uninstalling = new java.util.concurrent.atomic.AtomicBoolean();

    private void refuseAfterUninstall() {
        if (uninstalling.get()) {
            throw JnetException.unavailable("jnet is being uninstalled from this host; jnetd is stopping");
        }
    }

    /**
     * Removes everything jnet made on this host: every sandbox (disconnected first), every network, the
     * predefined ones too, and what drivers share beside them (jnet's firewall tables, its rules in other
     * firewalls); then puts the host's forwarding settings back as they were before jnet's first start.
     * The drift watcher stops first, so that nothing is repaired back. Afterwards the controller is closed:
     * the caller stops serving and removes the state and run directories.
     */
    public UninstallReport uninstall() {
        if (!uninstalling.compareAndSet(false, true)) {
            refuseAfterUninstall();
        }
        if (owners != null) {
            owners.close();
        }
        watcher.ifPresent(DriftWatcher::close);
        List<String> sandboxes = new java.util.ArrayList<>();
        for (Sandbox sandbox : ctx.state().sandboxes().values()) {
            if (bestEffort(() -> sandboxOps.delete(sandbox.id().value()), "sandbox " + sandbox.name())) {
                sandboxes.add(sandbox.name());
            }
        }
        List<String> networks = new java.util.ArrayList<>();
        for (Network network : ctx.state().networks().values()) {
            if (bestEffort(() -> networkOps.remove(network), "network " + network.name())) {
                networks.add(network.name());
            }
        }
        List<String> sysctls = new java.util.ArrayList<>();
        try {
            ctx.drivers.all().forEach(d -> bestEffort(d::removeShared, "the shared state of driver " + d.name()));
            bestEffort(() -> sysctls.addAll(HostSysctls.restore(ctx.config.stateDirectory(),
                    ctx.kernel.sysctl(ctx.kernel.hostNamespace()))), "(restore) the forwarding settings");
            bestEffort(() -> HostSysctls.forget(ctx.config.stateDirectory()), "the record of the forwarding settings");
            bestEffort(ctx.files::removeDirectory, "the sandboxes' files");
        } finally {
            close();
        }
        return new UninstallReport(sandboxes.stream().sorted().toList(), networks.stream().sorted().toList(), sysctls);
    }

    /**
     * One step of an uninstall: a failure (removed meanwhile by another request, say) is logged and the
     * uninstall goes on, so that it always ends with jnetd stopped; whether the step did its removal.
     */
    private static boolean bestEffort(Runnable step, String what) {
        try {
            step.run();
            return true;
        } catch (JnetException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                LOG.log(System.Logger.Level.WARNING, "uninstall: cannot remove " + what + ": " + e.getMessage());
            }
            return false;
        }
    }

    /**
     * Stops the drift watcher and the embedded resolver and frees the namespace for another controller; the
     * kernel and the store stay the caller's.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // closing twice is harmless
        }
        try {
            if (owners != null) {
                owners.close();
            }
            watcher.ifPresent(DriftWatcher::close);
            ctx.dns.close();
        } finally {
            namespaceLock.close();
        }
    }

    /** Where each sandbox's hosts and resolv.conf are. */
    public SandboxFiles files() {
        return ctx.files;
    }
}
