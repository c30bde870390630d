package dev.jnet.core.controller;

import dev.jnet.core.firewall.ForeignFirewall;
import dev.jnet.core.firewall.ForeignFirewallMode;
import dev.jnet.core.ipam.DefaultIpam;
import dev.jnet.core.store.SqliteStore;
import dev.jnet.core.store.Store;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetnsManager;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A controller whose "host" is a throwaway namespace: bridges and host-side veths go there, sandbox
 * namespaces go to a private run directory, state to a private state directory. {@link #close} removes
 * all of it; the namespace itself goes with the test.
 */
final class FakeHost implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final ThrowawayNs host;
    final Path runDirectory;
    final Path stateDirectory;
    final Kernel kernel;
    private Store store;
    private Controller controller;

    private final java.util.function.UnaryOperator<dev.jnet.core.driver.Driver> wrap;
    private final ForeignFirewallMode foreignFirewall;
    private ForeignFirewall foreign;
    private final boolean repairDrift;
    /** Drivers beyond the built-in ones (the overlay driver of a host on its own), made for each start. */
    private java.util.function.Function<Kernel, dev.jnet.core.driver.Driver> extra = k -> null;

    FakeHost(ThrowawayNs host) {
        this(host, java.util.function.UnaryOperator.identity());
    }

    /** A fake host whose controller treats other firewalls' forward chains as {@code foreignFirewall} says. */
    FakeHost(ThrowawayNs host, ForeignFirewallMode foreignFirewall) {
        this(host, java.util.function.UnaryOperator.identity(), foreignFirewall, true);
    }

    /** A fake host whose drivers are wrapped, for tests that need to pause or fail a driver step. */
    FakeHost(ThrowawayNs host, java.util.function.UnaryOperator<dev.jnet.core.driver.Driver> wrap) {
        this(host, wrap, ForeignFirewallMode.DEFAULT, true);
    }

    /**
     * A fake host whose controller leaves drift alone until {@link Controller#reconcile} or a restart: for
     * tests of those, which must see the drift they made before it is repaired.
     */
    static FakeHost withoutDriftRepair(ThrowawayNs host) {
        return new FakeHost(host, java.util.function.UnaryOperator.identity(), ForeignFirewallMode.DEFAULT, false);
    }

    /** A fake host without drift repair whose drivers are wrapped (or captured) by {@code wrap}. */
    static FakeHost withoutDriftRepair(ThrowawayNs host, java.util.function.UnaryOperator<dev.jnet.core.driver.Driver> wrap) {
        return new FakeHost(host, wrap, ForeignFirewallMode.DEFAULT, false);
    }

    /**
     * A fake host with the overlay driver too, as a host on its own has it (VXLAN ids given, no peers): its
     * underlay address is {@link OutsideWorld#HOST}.
     */
    static FakeHost withOverlay(ThrowawayNs host) {
        FakeHost fake = new FakeHost(host, java.util.function.UnaryOperator.identity(), ForeignFirewallMode.DEFAULT, true);
        fake.extra = k -> new dev.jnet.core.driver.overlay.OverlayDriver(k, OutsideWorld.HOST, 1500,
                dev.jnet.core.driver.overlay.VxlanIds.NONE);
        fake.start();
        return fake;
    }

    private FakeHost(ThrowawayNs host, java.util.function.UnaryOperator<dev.jnet.core.driver.Driver> wrap,
                     ForeignFirewallMode foreignFirewall, boolean repairDrift) {
        this.wrap = wrap;
        this.foreignFirewall = foreignFirewall;
        this.repairDrift = repairDrift;
        this.host = host;
        int n = COUNTER.incrementAndGet();
        this.runDirectory = NetnsExtension.RUN_DIR.resolve("host" + n);
        this.stateDirectory = NetnsExtension.RUN_DIR.resolve("state" + n);
        this.kernel = new Kernel(runDirectory, host.ns());
        host.rtnl().links().setUp(dev.jnet.net.IfName.of("lo")); // as on every real host: 127.0.0.1 works
        start();
    }

    /** Starts (or restarts) the controller on the stored state, as jnetd does. */
    Controller start() {
        if (controller != null) {
            controller.close();
        }
        if (store != null) {
            store.close();
        }
        store = SqliteStore.open(stateDirectory);
        ControllerConfig defaults = ControllerConfig.defaults().withDirectories(stateDirectory, runDirectory);
        ControllerConfig config = defaults.withResolvConf(hostResolvConf()).withRepairDrift(repairDrift)
                .withHostId("test-host");
        dev.jnet.core.driver.DriverRegistry drivers = new dev.jnet.core.driver.DriverRegistry();
        foreign = ForeignFirewall.inHost(kernel, foreignFirewall);
        dev.jnet.core.driver.BuiltinDrivers.create(kernel, foreign, dev.jnet.core.driver.BuiltinDrivers.DEFAULT_BRIDGE)
                .all().forEach(d -> drivers.register(wrap.apply(d)));
        java.util.Optional.ofNullable(extra.apply(kernel)).ifPresent(drivers::register);
        controller = Controller.start(config, kernel, store, new DefaultIpam("test-host"), drivers);
        return controller;
    }

    /** Stops the controller and its store, runs {@code whileStopped} (on the store's file, say), and starts again. */
    Controller restartAfter(Runnable whileStopped) {
        controller.close();
        store.close();
        controller = null;
        store = null;
        whileStopped.run();
        return start();
    }

    /** A resolv.conf of the fake host: one real-looking server, one loopback stub, a search domain. */
    Path hostResolvConf() {
        Path file = stateDirectory.resolveSibling(stateDirectory.getFileName() + "-resolv.conf");
        try {
            Files.writeString(file, "nameserver 192.0.2.53\nnameserver 127.0.0.53\nsearch example.com\noptions ndots:1\n");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    Controller controller() {
        return controller;
    }

    /** What the controller's bridge driver does in other firewalls' forward chains. */
    ForeignFirewall foreign() {
        return foreign;
    }

    @Override
    public void close() {
        try {
            controller.close();
            store.close();
            kernel.close();
            NetnsManager namespaces = kernel.namespaces();
            namespaces.list().forEach(namespaces::delete);
            namespaces.releaseDirectory();
            deleteTree(runDirectory);
        } finally {
            deleteTree(stateDirectory);
            deleteTree(stateDirectory.resolveSibling(stateDirectory.getFileName() + "-resolv.conf"));
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new IllegalStateException("cannot remove " + p, e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
