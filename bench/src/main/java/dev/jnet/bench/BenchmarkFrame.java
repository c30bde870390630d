package dev.jnet.bench;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every benchmark of a real jnetd runs inside: the tools it needs are checked and the machine's own
 * namespace is noted before it starts; a shutdown hook stops the processes it started and removes its
 * namespaces also when it is interrupted (Ctrl-C); afterwards the machine's namespace is compared with
 * the note and the outcome printed.
 */
final class BenchmarkFrame {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final ThrowawayNamespaces namespaces;
    private final NetnsExecutor executor;
    private final Path ip;
    private final List<JnetdUnderTest> jnetds;
    private final List<AutoCloseable> cleanups;
    private final AtomicInteger jnetdsStarted = new AtomicInteger();

    private BenchmarkFrame(ThrowawayNamespaces namespaces, NetnsExecutor executor, Path ip,
                           List<JnetdUnderTest> jnetds, List<AutoCloseable> cleanups) {
        this.namespaces = namespaces;
        this.executor = executor;
        this.ip = ip;
        this.jnetds = jnetds;
        this.cleanups = cleanups;
    }

    /** Something else the benchmark started (a peer's setup) that the frame must stop at the end. */
    void closeAtEnd(AutoCloseable cleanup) {
        cleanups.add(cleanup);
    }

    /** A benchmark's work inside the frame; it fails with a BenchmarkException or a JnetException. */
    interface Body {
        void run(BenchmarkFrame frame);
    }

    /**
     * Runs {@code body} and removes everything it made, also when it fails or is interrupted; returns the
     * exit status (0, or 1 when it could not start or failed).
     *
     * @param name the benchmark's name for messages, e.g. {@code connect benchmark}
     * @param checkBeforeStart fails with a BenchmarkException when something the body needs is missing
     */
    static int run(String name, Runnable checkBeforeStart, Body body) {
        ThrowawayNamespaces namespaces = ThrowawayNamespaces.forThisProcess();
        List<JnetdUnderTest> jnetds = new CopyOnWriteArrayList<>();
        List<AutoCloseable> cleanups = new CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            Processes.stopAll();
            jnetds.forEach(BenchmarkFrame::closeQuietly);
            closeAll(cleanups);
            namespaces.close();
        }));
        Path ip;
        MachineNamespace before;
        try {
            ip = VethBenchmark.Tools.require("ip");
            VethBenchmark.Tools.require("nsenter");
            VethBenchmark.Tools.require("nft");
            checkBeforeStart.run();
            before = MachineNamespace.snapshot(ip, Path.of("/dev/null"));
        } catch (BenchmarkException e) {
            System.err.println(name + " cannot start: " + e.getMessage());
            return 1;
        }
        int status;
        try (NetnsExecutor executor = new NetnsExecutor()) {
            body.run(new BenchmarkFrame(namespaces, executor, ip, jnetds, cleanups));
            status = 0;
        } catch (BenchmarkException | JnetException e) {
            System.err.println(name + " failed: " + e.getMessage());
            status = 1;
        } catch (RuntimeException e) { // a bug of the benchmark: its trace, then the check of the machine
            System.err.print(name + " failed unexpectedly: ");
            e.printStackTrace();
            status = 1;
        } finally {
            jnetds.forEach(BenchmarkFrame::closeQuietly);
            closeAll(cleanups);
            namespaces.close();
        }
        System.out.println(compareMachine(before, ip));
        return status;
    }

    private static String compareMachine(MachineNamespace before, Path ip) {
        try {
            return before.verdict(MachineNamespace.snapshot(ip, Path.of("/dev/null")));
        } catch (BenchmarkException e) { // interrupted: no process may start any more
            return "machine's namespace not checked afterwards: " + e.getMessage();
        }
    }

    ThrowawayNamespaces namespaces() {
        return namespaces;
    }

    /** Opens netlink sockets (and any other socket) inside the benchmark's namespaces. */
    NetnsExecutor executor() {
        return executor;
    }

    /** The {@code ip} binary. */
    Path ip() {
        return ip;
    }

    /** The directory for input and error files. */
    Path work() {
        return namespaces.workDirectory();
    }

    /**
     * Starts the real jnetd with {@code bin/jnetd} in the fake host {@code host} with fresh state, waits
     * until it answers and prints its pid and start time; the frame stops it at the end, unless
     * {@link #stopJnetd} did earlier. Each jnetd of a run gets a directory of its own.
     */
    JnetdUnderTest startJnetd(NetNs host, JnetdOptions options) {
        return startJnetd(host, options, JnetdUnderTest.Entry.NETWORK);
    }

    /** {@link #startJnetd(NetNs, JnetdOptions)} entering the fake host by {@code entry} (private mounts too). */
    JnetdUnderTest startJnetd(NetNs host, JnetdOptions options, JnetdUnderTest.Entry entry) {
        Path launcher = jnetHome().resolve("bin").resolve("jnetd");
        int started = jnetdsStarted.incrementAndGet();
        String directory = started == 1 ? "jnetd" : "jnetd-" + started;
        JnetdUnderTest jnetd = new JnetdUnderTest(launcher, host, namespaces.directory(directory),
                options.logLevel(), options.javaOptions(), options.logs(), entry);
        jnetds.add(jnetd);
        Duration ready = jnetd.startAndAwaitReady(READY_TIMEOUT);
        System.out.printf("jnetd: pid %d in fake host %s, ready in %d ms (fresh state, %s)%n", jnetd.pid(),
                host.path(), ready.toMillis(), launcher);
        return jnetd;
    }

    /**
     * Stops a jnetd this frame started and removes its sandboxes, its fake host and its directory now,
     * so that the next part of a benchmark runs without it.
     */
    void stopJnetd(JnetdUnderTest jnetd) {
        if (jnetds.remove(jnetd)) {
            closeQuietly(jnetd);
            namespaces.delete(jnetd.host());
            namespaces.deleteDirectory(jnetd.directory());
        }
    }

    private static void closeAll(List<AutoCloseable> cleanups) {
        for (AutoCloseable cleanup : cleanups) {
            try {
                cleanup.close();
            } catch (Exception e) {
                System.err.println("cleanup incomplete: " + e.getMessage());
            }
        }
    }

    private static void closeQuietly(JnetdUnderTest jnetd) {
        if (jnetd != null) {
            try {
                jnetd.close();
            } catch (RuntimeException e) {
                System.err.println("cleanup of jnetd incomplete: " + e.getMessage());
            }
        }
    }

    /** The checkout: the directory holding bench/, from the property the scripts set or the jar's place. */
    static Path jnetHome() {
        String property = System.getProperty("jnet.home");
        if (property != null) {
            return Path.of(property);
        }
        try {
            Path jar = Path.of(BenchmarkFrame.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent(); // bench/target/jnet-bench.jar
        } catch (URISyntaxException e) {
            throw new BenchmarkException("cannot tell where jnet is checked out; set -Djnet.home", e);
        }
    }
}
