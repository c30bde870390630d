package dev.jnet.bench;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Times connecting containers to a bridge network: jnet (a real jnetd in a throwaway fake host, over its
 * Unix socket) against netavark and against the CNI bridge plugin with host-local IPAM (one process per
 * container, each peer in a fake host of its own). For each N and mode (one client, or several at once)
 * it prints the per-attach median and p99 and the throughput, checks every container's eth0, and ends
 * with a table and jnet's ratios to the peers; it also prints jnetd's RSS at 1,000 endpoints and its
 * restart-to-ready time with 1,000 networks. Run as root (bench/connect-benchmark.sh).
 *
 * <p>Every run is independent: fresh containers (and, for jnet, a fresh network) are made before the
 * clock starts and removed afterwards, and the benchmark waits for the kernel to finish tearing down the
 * previous run. Methods alternate within each N and mode, so a drift of the machine spreads over all of
 * them. Nothing outside the namespaces and the directory {@code /run/jnet-bench-PID} it makes is changed.
 */
public final class ConnectBenchmark {
    private static final String USAGE = """
            usage: connect-benchmark.sh [--sizes=100,1000] [--clients=16] [--modes=sequential,concurrent]
                                        [--methods=jnet,netavark,cni]
                                        [--warm-up=50] [--restart-networks=1000] [--log-level=info]
                                        [--jnetd-logs=DIR] [--jnetd-java-options=OPTIONS]
              --sizes             numbers of containers per run (default 100,1000)
              --clients           concurrent clients of the concurrent runs (default 16)
              --modes             sequential (one client), concurrent (--clients at once), or both (default)
              --methods           which methods to run (default all three)
              --warm-up           containers attached once per method before timing, not counted (default 50)
              --restart-networks  networks for jnetd's restart-to-ready time; 0 skips it (default 1000)
              --log-level         jnetd's log level (default info; debug logs one line per request)
              --jnetd-logs        copy jnetd's logs into DIR (outside /run/jnet-bench-PID) at the end
              --jnetd-java-options  JAVA_TOOL_OPTIONS for jnetd only, e.g. a flight recording:
                                  -XX:StartFlightRecording=filename=/tmp/jnetd.jfr,settings=profile
            Needs root: it creates network namespaces (only its own, under /run/jnet-bench-PID).
            """;
    private static final Path NETAVARK = Path.of("/usr/lib/podman/netavark");
    private static final Path CNI_PLUGINS = Path.of("/usr/lib/cni");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final long QUIET_TIMEOUT_MS = 10_000;
    private static final int ENDPOINTS_FOR_RSS = 1000;
    private static final int NSENTER_PROBES = 30;

    private final Options options;
    private final ThrowawayNamespaces namespaces;
    private final NetnsExecutor executor;
    private final AttachCheck check;
    private final AtomicReference<JnetdUnderTest> jnetdHolder;
    private final AttachResults results = new AttachResults();
    private final List<String> notes = new ArrayList<>();

    private ConnectBenchmark(Options options, ThrowawayNamespaces namespaces, NetnsExecutor executor, AttachCheck check,
                             AtomicReference<JnetdUnderTest> jnetdHolder) {
        this.options = options;
        this.namespaces = namespaces;
        this.executor = executor;
        this.check = check;
        this.jnetdHolder = jnetdHolder;
    }

    public static void main(String[] args) {
        Options options = CommandLine.parseOrExit(args, USAGE, "connect", Options::parse);
        System.exit(runCleanly(options));
    }

    /** Runs the benchmark and removes everything it made, also when it fails or is interrupted (Ctrl-C). */
    private static int runCleanly(Options options) {
        ThrowawayNamespaces namespaces = ThrowawayNamespaces.forThisProcess();
        AtomicReference<JnetdUnderTest> jnetd = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            Processes.stopAll();
            closeQuietly(jnetd.get());
            namespaces.close();
        }));
        Path ip;
        MachineNamespace before;
        try {
            ip = VethBenchmark.Tools.require("ip");
            VethBenchmark.Tools.require("nsenter");
            VethBenchmark.Tools.require("nft");
            requirePeers(options.methods());
            before = MachineNamespace.snapshot(ip, Path.of("/dev/null"));
        } catch (BenchmarkException e) {
            System.err.println("connect benchmark cannot start: " + e.getMessage());
            return 1;
        }
        int status;
        try (NetnsExecutor executor = new NetnsExecutor()) {
            Path work = namespaces.workDirectory();
            AttachCheck check = new AttachCheck(executor, ip, work.resolve("check.err"));
            new ConnectBenchmark(options, namespaces, executor, check, jnetd).run(work);
            status = 0;
        } catch (BenchmarkException | JnetException e) {
            System.err.println("connect benchmark failed: " + e.getMessage());
            status = 1;
        } finally {
            closeQuietly(jnetd.get());
            namespaces.close();
        }
        System.out.println(before.verdict(MachineNamespace.snapshot(ip, Path.of("/dev/null"))));
        return status;
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

    private static void requirePeers(List<String> methods) {
        List<String> missing = new ArrayList<>();
        if (methods.contains("netavark") && !Files.isExecutable(NETAVARK)) {
            missing.add(NETAVARK + " (Debian package netavark)");
        }
        if (methods.contains("netavark") && Files.notExists(Path.of("/usr/sbin/iptables"))) {
            missing.add("/usr/sbin/iptables, which netavark 1.4 runs (Debian package iptables)");
        }
        if (methods.contains("cni") && !(Files.isExecutable(CNI_PLUGINS.resolve("bridge"))
                && Files.isExecutable(CNI_PLUGINS.resolve("host-local")))) {
            missing.add(CNI_PLUGINS + "/bridge and host-local (Debian package containernetworking-plugins)");
        }
        if (!missing.isEmpty()) {
            throw new BenchmarkException("missing: " + String.join("; ", missing)
                    + "; install with apt-get install netavark containernetworking-plugins iptables");
        }
    }

    private void run(Path work) {
        System.out.println(Machine.describe(work));
        System.out.println("load average at start: " + Machine.loadAverage()
                + " (other work on the machine shows in the timings)");
        System.out.println("software: " + versions(work));
        System.out.printf("workload: attach N containers to one bridge network (eth0, an IPv4 address from a /16, a default "
                + "route), one client or %d at once; each run fresh; warm-up of %d per method not counted%n",
                options.clients(), options.warmUp());

        List<AttachMethod> methods = new ArrayList<>();
        for (String name : options.methods()) {
            methods.add(switch (name) {
                case "jnet" -> new JnetAttach(startJnetd(), options.clients());
                case "netavark" -> new NetavarkAttach(NETAVARK, namespaces);
                case "cni" -> new CniAttach(CNI_PLUGINS, namespaces);
                default -> throw new IllegalStateException("unchecked method " + name);
            });
        }
        if (options.methods().stream().anyMatch(m -> !m.equals("jnet"))) {
            System.out.printf("note: the peers' times include starting nsenter: nsenter --net=NS true alone takes "
                    + "%.2f ms (median of %d)%n", nsenterMedianMs(), NSENTER_PROBES);
        }
        if (options.warmUp() > 0) {
            for (AttachMethod method : methods) {
                timeOnce(method, options.warmUp(), 1, "warm-up, not counted: ");
            }
        }
        for (int n : options.sizes()) {
            for (int clients : options.clientCounts()) {
                for (AttachMethod method : methods) {
                    results.add(timeOnce(method, n, clients, ""));
                }
            }
        }
        if (options.methods().contains("jnet") && options.restartNetworks() > 0) {
            awaitQuiet();
            RestartTimer.run(jnetdHolder.get(), executor, options.restartNetworks(), options.clients())
                    .forEach(System.out::println);
        }
        System.out.println();
        System.out.print(results.table());
        System.out.println();
        System.out.println("jnet's median over each peer's (lower is better):");
        System.out.print(results.ratios());
        notes.forEach(System.out::println);
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    private JnetdUnderTest startJnetd() {
        NetNs host = namespaces.create("jnetd-host");
        Path launcher = jnetHome().resolve("bin").resolve("jnetd");
        JnetdUnderTest jnetd = new JnetdUnderTest(launcher, host, namespaces.directory("jnetd"), options.logLevel(),
                options.jnetdJavaOptions(), options.jnetdLogs());
        jnetdHolder.set(jnetd);
        Duration ready = jnetd.startAndAwaitReady(READY_TIMEOUT);
        System.out.printf("jnetd: pid %d in fake host %s, ready in %d ms (fresh state, %s)%n", jnetd.pid(), host.path(),
                ready.toMillis(), launcher);
        return jnetd;
    }

    /** One fresh trial of {@code n} containers, timed, checked and removed; the kernel settles first. */
    private AttachTiming timeOnce(AttachMethod method, int n, int clients, String prefix) {
        awaitQuiet();
        String label = "%s-%d-%s%s".formatted(method.name(), n, clients == 1 ? "seq" : "c" + clients,
                prefix.isEmpty() ? "" : "-warm");
        AttachMethod.Trial trial = method.prepare(label, n);
        try {
            AttachTiming timing = AttachTiming.measure(method.name(), trial, clients);
            System.out.println(prefix + AttachResults.line(timing));
            System.out.println("    " + timing.spread());
            timing.failures().forEach(f -> System.out.println("    failed: " + f));
            System.out.println("    " + check.verify(trial));
            if (method instanceof JnetAttach && n == ENDPOINTS_FOR_RSS && prefix.isEmpty()) {
                JnetdUnderTest jnetd = jnetdHolder.get();
                String rss = "jnetd RSS at %,d endpoints (%s): %.1f MiB (VmRSS of pid %d)".formatted(n, timing.mode(),
                        jnetd.rssKib() / 1024.0, jnetd.pid());
                System.out.println("    " + rss);
                notes.add(rss);
            }
            return timing;
        } finally {
            trial.close();
        }
    }

    private static void awaitQuiet() {
        if (Machine.awaitQuiet(QUIET_TIMEOUT_MS) < 0) {
            System.out.println("note: the CPUs stayed busy for " + QUIET_TIMEOUT_MS / 1000
                    + " s; the next run may include other work");
        }
    }

    private double nsenterMedianMs() {
        NetNs probe = namespaces.create("nsenter-probe");
        try {
            Path truePath = VethBenchmark.Tools.require("true");
            long[] nanos = new long[NSENTER_PROBES];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                Processes.runPiped(ThrowawayNamespaces.inside(probe, List.of(truePath.toString())), Map.of(),
                        new byte[0]);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            return nanos[nanos.length / 2] / 1e6;
        } finally {
            namespaces.delete(probe);
        }
    }

    private String versions(Path work) {
        List<String> parts = new ArrayList<>();
        parts.add("Java " + Runtime.version());
        if (options.methods().contains("netavark")) {
            parts.add(Processes.run(List.of(NETAVARK.toString(), "--version"), work.resolve("netavark.err")).strip());
            parts.add(Processes.run(List.of("iptables", "-V"), work.resolve("iptables.err")).strip());
        }
        if (options.methods().contains("cni")) {
            parts.add("containernetworking-plugins " + Processes.run(List.of("dpkg-query", "-W", "-f=${Version}",
                    "containernetworking-plugins"), work.resolve("dpkg.err")).strip());
        }
        return String.join("; ", parts);
    }

    /** The checkout: the directory holding bench/, from the property the script sets or the jar's place. */
    static Path jnetHome() {
        String property = System.getProperty("jnet.home");
        if (property != null) {
            return Path.of(property);
        }
        try {
            Path jar = Path.of(ConnectBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent().getParent(); // bench/target/jnet-bench.jar
        } catch (URISyntaxException e) {
            throw new BenchmarkException("cannot tell where jnet is checked out; set -Djnet.home", e);
        }
    }

    /** The command line, parsed. */
    record Options(List<Integer> sizes, int clients, List<String> modes, List<String> methods, int warmUp,
                   int restartNetworks, String logLevel, Optional<String> jnetdJavaOptions, Optional<Path> jnetdLogs) {
        private static final List<String> METHODS = List.of("jnet", "netavark", "cni");
        private static final List<String> MODES = List.of("sequential", "concurrent");

        /** The number of clients of each mode's runs, in order. */
        List<Integer> clientCounts() {
            return modes.stream().map(m -> m.equals("sequential") ? 1 : clients).toList();
        }
        private static final int MAX_CONTAINERS = 10_000;

        /** The options, or empty when help was asked for; IllegalArgumentException when they are wrong. */
        static Optional<Options> parse(String[] args) {
            List<Integer> sizes = List.of(100, 1000);
            int clients = 16;
            List<String> methods = METHODS;
            List<String> modes = MODES;
            int warmUp = 50;
            int restartNetworks = 1000;
            String logLevel = "info";
            Optional<String> javaOptions = Optional.empty();
            Optional<Path> logs = Optional.empty();
            for (String arg : args) {
                if (arg.equals("-h") || arg.equals("--help")) {
                    return Optional.empty();
                }
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                String value = eq < 0 ? "" : arg.substring(eq + 1);
                switch (name) {
                    case "--sizes" -> sizes = Arrays.stream(value.split(","))
                            .map(v -> number(name, v, 1, MAX_CONTAINERS)).toList();
                    case "--clients" -> clients = number(name, value, 2, 256);
                    case "--methods" -> {
                        methods = List.of(value.split(","));
                        if (!METHODS.containsAll(methods) || methods.size() != Set.copyOf(methods).size()) {
                            throw new IllegalArgumentException("--methods takes distinct names out of " + METHODS);
                        }
                    }
                    case "--modes" -> {
                        modes = List.of(value.split(","));
                        if (!MODES.containsAll(modes) || modes.size() != Set.copyOf(modes).size()) {
                            throw new IllegalArgumentException("--modes takes distinct names out of " + MODES);
                        }
                    }
                    case "--warm-up" -> warmUp = number(name, value, 0, MAX_CONTAINERS);
                    case "--restart-networks" -> restartNetworks = number(name, value, 0, RestartTimer.MAX_NETWORKS);
                    case "--log-level" -> {
                        if (!List.of("error", "warn", "info", "debug", "trace").contains(value)) {
                            throw new IllegalArgumentException("--log-level is error, warn, info, debug or trace");
                        }
                        logLevel = value;
                    }
                    case "--jnetd-java-options" -> javaOptions = Optional.of(value);
                    case "--jnetd-logs" -> {
                        logs = Optional.of(Path.of(value).toAbsolutePath());
                        if (value.isEmpty() || logs.get().startsWith("/run/jnet-bench-" + ProcessHandle.current().pid())) {
                            throw new IllegalArgumentException("--jnetd-logs takes a directory that outlives the run");
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            return Optional.of(new Options(sizes, clients, modes, methods, warmUp, restartNetworks, logLevel, javaOptions, logs));
        }

        static int number(String option, String value, int min, int max) {
            if (!value.matches("\\d{1,6}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
                throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max
                        + ", not '" + value + "'");
            }
            return Integer.parseInt(value);
        }
    }
}
