package dev.jnet.daemon;

import dev.jnet.cluster.ClusterConfig;
import dev.jnet.cluster.ClusterHost;
import dev.jnet.cluster.Membership;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.controller.Controller;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.BuiltinDrivers;
import dev.jnet.core.driver.cni.CniDriver;
import dev.jnet.daemon.remote.RemotePlugins;
import dev.jnet.daemon.plugin.PluginRoutes;
import dev.jnet.core.driver.DriverRegistry;
import dev.jnet.core.firewall.ForeignDrop;
import dev.jnet.core.firewall.ForeignFirewall;
import dev.jnet.core.ipam.DefaultIpam;
import dev.jnet.core.store.SqliteStore;
import dev.jnet.core.store.Store;
import dev.jnet.daemon.api.About;
import dev.jnet.daemon.api.NativeApi;
import dev.jnet.daemon.api.docker.DockerApi;
import dev.jnet.daemon.events.EventLog;
import dev.jnet.daemon.http.MetricsListener;
import dev.jnet.daemon.metrics.Metrics;
import dev.jnet.daemon.metrics.RequestStats;
import dev.jnet.daemon.http.ServerOptions;
import dev.jnet.daemon.http.UnixHttpServer;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running jnetd: the state directory locked, the store open, the controller started on it (which
 * reconciles the kernel with the store), and the APIs served on their sockets (the Docker API's first, so
 * that "ready" means both answer). {@link #close} stops it in
 * the reverse order, letting requests in flight finish first.
 */
public final class Daemon implements AutoCloseable {
    /** The longest a stop takes; past it the process ends anyway (see {@link Jnetd}). */
    static final Duration GRACE_PERIOD = Duration.ofSeconds(30);
    /** How long a stop waits for requests in flight, leaving the rest of the grace period to close the store. */
    static final Duration REQUEST_GRACE = GRACE_PERIOD.minusSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final Controller controller;
    private final UnixHttpServer server;
    private final UnixHttpServer dockerServer;
    private final EventLog events;
    private final Deque<AutoCloseable> resources;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counted down when {@link #close} has finished (and, after an uninstall, the directories are gone). */
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean uninstalled;

    private Daemon(DaemonConfig config, Controller controller, UnixHttpServer server, UnixHttpServer dockerServer,
                   EventLog events, Deque<AutoCloseable> resources) {
        this.config = config;
        this.controller = controller;
        this.server = server;
        this.dockerServer = dockerServer;
        this.events = events;
        this.resources = resources;
    }

    /**
     * Starts jnetd with {@code host} as the namespace where bridges and host-side interfaces go (the
     * process's own in production, a throwaway one in tests). Fails, leaving nothing open, if another
     * jnetd holds the state directory or listens on the socket, or if a controller (another jnetd's or a
     * library user's) runs in that namespace.
     */
    public static Daemon start(DaemonConfig config, NetNs host) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            ServerOptions options = ServerOptions.defaults(REQUEST_GRACE).withMaxConnections(config.maxConnections())
                    .withGroup(config.group().map(Daemon::socketGroup));
            prepareSocket(config.socket(), "--socket");
            prepareSocket(config.dockerSocket(), "--docker-socket");
            boolean freshState = StatePermissions.secureDirectory(config.stateDirectory());
            opened.push(StateDirLock.acquire(config.stateDirectory()));
            String hostId = HostId.loadOrCreate(config.stateDirectory());
            Store store = SqliteStore.open(config.stateDirectory());
            opened.push(store);
            StatePermissions.secureFiles(config.stateDirectory(), freshState);
            Kernel kernel = new Kernel(config.runDirectory(), host);
            opened.push(kernel);
            ForeignFirewall foreign = ForeignFirewall.inHost(kernel, config.foreignFirewall());
            DriverRegistry drivers = BuiltinDrivers.create(kernel, foreign, BuiltinDrivers.DEFAULT_BRIDGE);
            RemotePlugins plugins = new RemotePlugins(config.plugins().sockets(), config.plugins().specs(),
                    config.plugins().timeout(), kernel, config.dockerPlugin().map(p -> Set.of(p.name())).orElse(Set.of()));
            opened.push(plugins);
            drivers.register(new CniDriver(kernel, config.plugins().cni()));
            drivers.discovering(plugins::find, plugins::stored).ipamPlugins(plugins);
            DefaultIpam ipam = new DefaultIpam(hostId);
            Optional<ClusterHost> cluster = joinCluster(config, host, hostId, kernel, opened);
            cluster.ifPresent(c -> drivers.register(c.overlayDriver()));
            plugins.inCluster(cluster.isPresent());
            Controller controller = Controller.start(config.controllerConfig().withHostId(hostId), kernel, store, ipam,
                    cluster.<Ipam>map(ClusterHost::ipam).orElse(ipam), drivers);
            opened.push(controller);
            cluster.ifPresent(c -> c.attach(controller, config.stateDirectory())); // closed with the cluster host, after the controller
            if (!controller.startupReport().changedNothing()) {
                LOG.info("start-up reconciliation repaired the kernel: {}", controller.startupReport());
            }
            logForeignFirewalls(foreign);
            EventLog events = new EventLog();
            controller.onChange(events::append);
            RequestStats requests = new RequestStats();
            Metrics metrics = new Metrics(controller, requests, events::counts);
            Optional<Membership> membership = cluster.map(ClusterHost::membership);
            About about = new About(version(), config.stateDirectory(), config.runDirectory(),
                    drivers.all().stream().map(Driver::name).sorted().toList(), foreign::inspect,
                    () -> membership.map(Membership::status));
            UnixHttpServer dockerServer = UnixHttpServer.start(config.dockerSocket(),
                    DockerApi.router(controller, about, ipam.predefinedPools(), events)
                            .onAnswered((method, route, status, nanos) -> requests.record("docker", method, route, status, nanos)),
                    options);
            opened.push(dockerServer);
            LOG.info("serving the Docker Engine API on {}", config.dockerSocket());
            java.util.concurrent.CompletableFuture<Daemon> self = new java.util.concurrent.CompletableFuture<>();
            Runnable uninstalled = () -> self.thenAccept(Daemon::stopAfterUninstall);
            UnixHttpServer server = UnixHttpServer.start(config.socket(),
                    NativeApi.router(controller, about, events, metrics, uninstalled)
                    .onAnswered((method, route, status, nanos) -> requests.record("native", method, route, status, nanos)),
                    options);
            opened.push(server);
            if (config.dockerPlugin().isPresent()) {
                DaemonConfig.PluginSocket plugin = config.dockerPlugin().get();
                prepareSocket(plugin.socket(), "--docker-plugin-socket");
                UnixHttpServer pluginServer = UnixHttpServer.start(plugin.socket(), PluginRoutes.router(controller, config.stateDirectory(),
                        plugin.engineSocket())
                        .onAnswered((method, route, status, nanos) -> requests.record("plugin", method, route, status, nanos)),
                        options);
                opened.push(pluginServer);
                LOG.info("serving Docker's network plugin protocol as driver '{}' on {}", plugin.name(), plugin.socket());
            }
            if (config.metricsAddress().isPresent()) {
                MetricsListener listener = MetricsListener.start(config.metricsAddress().get(), host, kernel.executor(),
                        metrics::scrape, Metrics.contentType());
                opened.push(listener);
                LOG.info("serving metrics on http://{}/metrics", MetricsListener.text(listener.address()));
            }
            LOG.info("{} networks, {} sandboxes in {}", controller.networks().size(), controller.sandboxes().size(),
                    config.stateDirectory());
            config.group().ifPresent(g -> LOG.info("both sockets are mode 0660 for group {}", g));
            LOG.info("jnetd ready on {}", config.socket());
            dev.jnet.kernel.ffi.Libc.mallocTrim(); // the start-up's temporary native memory, back before the first periodic trim
            Daemon daemon = new Daemon(config, controller, server, dockerServer, events, opened);
            self.complete(daemon);
            return daemon;
        } catch (RuntimeException e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /**
     * Joins the cluster of {@code --cluster-store}, if given: this host's record goes into etcd under a lease (in
     * the background while etcd cannot be reached); another process with this host's id stops the start.
     */
    private static Optional<ClusterHost> joinCluster(DaemonConfig config, NetNs host, String hostId, Kernel kernel,
                                                     Deque<AutoCloseable> opened) {
        Optional<ClusterConfig> cluster = config.cluster().config();
        if (cluster.isEmpty()) {
            return Optional.empty();
        }
        if (!host.isProcess()) {
            // jetcd's sockets are made by its own threads, in the process's namespace, not in the host's
            throw JnetException.invalid("a jnetd in a cluster must run in its host's network namespace");
        }
        ClusterHost member = ClusterHost.join(cluster.get(), hostId, kernel);
        opened.push(member);
        LOG.info("cluster: host {} with address {}, store {}; overlay networks on", hostId,
                cluster.get().advertiseAddress().getHostAddress(), member.membership().status().store());
        return Optional.of(member);
    }

    /**
     * Other firewalls' forward chains that drop, as jnet found them at start-up. What blocks jnet's bridges, and
     * what jnet inserted, the foreign firewall logs itself (as it does later); this says which chains jnet's rules
     * keep open, so that the log of a start on a Docker host names them.
     */
    private static void logForeignFirewalls(ForeignFirewall foreign) {
        for (ForeignDrop drop : foreign.lastReport().drops()) {
            if (!drop.blocks()) {
                LOG.info("other firewalls: {}", drop.describe());
            }
        }
        LOG.info("other firewalls' forward chains: --foreign-firewall={}, {} dropping, {} of them blocking jnet's bridges",
                foreign.mode(), foreign.lastReport().drops().size(), foreign.lastReport().blocking().size());
    }

    /** The group of {@code --group}, which must exist: the sockets would otherwise be left to root alone, silently. */
    private static GroupPrincipal socketGroup(String name) {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
        } catch (UserPrincipalNotFoundException e) {
            throw JnetException.notFound("group '" + name + "' does not exist; create it (groupadd " + name
                    + ") or give --group an existing group");
        } catch (IOException e) {
            throw JnetException.internal("cannot look up group '" + name + "': " + e, e);
        }
    }

    private static void prepareSocket(Path socket, String flag) {
        if (SocketFile.prepare(socket, flag)) {
            LOG.info("removed the stale socket {} left by an earlier jnetd", socket);
        }
    }

    /** jnet's version from the jar's manifest. */
    static String version() {
        String version = Daemon.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    public Controller controller() {
        return controller;
    }

    public Path socket() {
        return config.socket();
    }

    public Path dockerSocket() {
        return config.dockerSocket();
    }

    /** Blocks until the daemon has been closed (and, after an uninstall, its directories removed). */
    public void awaitStop() throws InterruptedException {
        server.join();
        stopped.await();
    }

    /**
     * After {@code POST /v1/system/uninstall}: stops (the uninstall request's answer goes out first, as a
     * request in flight) and removes the state and run directories, on a thread of its own.
     */
    private void stopAfterUninstall() {
        uninstalled = true;
        Thread.ofPlatform().name("jnetd-uninstall").start(() -> {
            try {
                close();
            } catch (RuntimeException e) {
                LOG.error("jnetd did not stop cleanly after the uninstall: {}", e.toString());
            }
        });
    }

    /** Stops accepting, finishes requests in flight, closes the store and kernel, removes the socket. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stop();
            if (uninstalled) {
                removeDirectories();
            }
        } finally {
            stopped.countDown();
        }
    }

    private void removeDirectories() {
        try {
            java.util.List<String> others = Leftovers.remove(config.stateDirectory(), config.runDirectory());
            if (others.isEmpty()) {
                LOG.info("uninstalled: removed {} and {}", config.stateDirectory(), config.runDirectory());
            } else {
                LOG.warn("uninstalled; these files are not jnet's and were left (with their directories): {}", others);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("uninstalled, but jnetd's directories could not all be removed: {}", e.toString());
        }
    }

    private void stop() {
        LOG.info("jnetd stopping");
        events.close(); // event streams end, so that the requests in flight can finish
        RuntimeException failure = null;
        try {
            UnixHttpServer.closeAll(server, dockerServer); // both grace periods at once
        } catch (RuntimeException e) {
            failure = e;
        }
        RuntimeException later = closeAll(resources, null);
        failure = failure != null ? failure : later;
        if (failure != null) {
            throw failure;
        }
        LOG.info("jnetd stopped");
    }

    /** Closes in reverse order of opening; returns the first failure (added to {@code cause} if given). */
    private static RuntimeException closeAll(Deque<AutoCloseable> resources, RuntimeException cause) {
        RuntimeException first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (cause != null) {
                    cause.addSuppressed(e);
                } else if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                }
            }
        }
        return first;
    }
}
