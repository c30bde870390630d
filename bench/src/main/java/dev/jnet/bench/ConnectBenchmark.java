package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Times connecting containers to a bridge network: jnet (a real jnetd in a throwaway fake host, over its
 * Unix socket) against netavark and against the CNI bridge plugin with host-local IPAM (one process per
 * container, each peer in a fake host of its own); and to a macvlan network, jnet's against netavark's,
 * each parent a veth in the method's fake host ({@link MacvlanParent}). For each N and mode (one client, or
 * several at once) it prints the per-attach median and p99 and the throughput, checks every container's
 * eth0, and ends with a table and jnet's ratios to the peers; it also prints jnetd's RSS at 1,000 endpoints
 * and its restart-to-ready time with 1,000 networks. Two more parts run in the same program: {@link
 * MemoryPart} (jnetd's RSS idle, at 50 and 1,000 endpoints, beside dockerd's idle and with 50 containers)
 * and {@link ScalePart} (10,000 endpoints on one host); each part gets a fresh jnetd, and the run ends with
 * every target and its verdict. Run as root (bench/connect-benchmark.sh).
 *
 * <p>Every run is independent: fresh containers (and, for jnet, a fresh network) are made before the
 * clock starts and removed afterwards, and the benchmark waits for the kernel to finish tearing down the
 * previous run. Methods alternate within each N and mode, so a drift of the machine spreads over all of
 * them. Nothing outside the namespaces and the directory {@code /run/jnet-bench-PID} it makes is changed.
 */
public final class ConnectBenchmark {
    private static final String USAGE = """
            usage: connect-benchmark.sh [--parts=connect,memory,scale]
                                        [--sizes=100,1000] [--clients=16] [--modes=sequential,concurrent]
                                        [--methods=jnet,netavark,cni,jnet-macvlan,netavark-macvlan]
                                        [--rounds=1] [--warm-up=50] [--restart-networks=1000]
                                        [--scale-endpoints=10000] [--scale-networks=10]
                                        [--scale-networks-per-sandbox=2] [--scale-window=1000]
                                        [--scale-fill=round-robin|by-network]
                                        [--log-level=info] [--jnetd-logs=DIR] [--jnetd-java-options=OPTIONS]
              --parts             which parts to run, in this order (default all three):
                                  connect: connect times against netavark and CNI (the options below);
                                  memory: RSS of jnetd idle, at 50 and 1,000 endpoints, of its parts alone
                                  (PartsFloor: its libraries doing the least, its JVM options), and of
                                  dockerd 20.10 idle and with 50 containers (with containerd's beside it);
                                  scale: --scale-endpoints connects on one host, first against last medians,
                                  RSS and restart-to-ready with all of them
              --sizes             numbers of containers per run (default 100,1000)
              --clients           concurrent clients of the concurrent runs (default 16)
              --modes             sequential (one client), concurrent (--clients at once), or both (default)
              --methods           which methods to run: jnet, netavark, cni (on a bridge network),
                                  jnet-macvlan, netavark-macvlan (on a macvlan network whose parent is a
                                  veth in the method's fake host; all five are the default) and
                                  jnet-pinning (connects alternating between a network with pinned
                                  addresses and one with dev.jnet.bridge.pin_addresses=false: what
                                  pinning costs)
              --rounds            runs of each method per N and mode, methods alternating (default 1)
              --warm-up           containers attached once per method before timing, not counted (default 50)
              --restart-networks  networks for jnetd's restart-to-ready time; 0 skips it (default 1000)
              --scale-endpoints   endpoints of the scale part (default 10000)
              --scale-networks    bridge networks they are spread over (default 10: a bridge takes 1,023 ports)
              --scale-networks-per-sandbox  networks each sandbox joins (default 2: jnetd holds about 2
                                  descriptors per sandbox and the open-files limit cannot be raised)
              --scale-window      connects the first and the last median are taken over (default 1000)
              --scale-fill        round-robin (default): sandbox after sandbox, every bridge filling at the
                                  same pace; by-network: each bridge fills before the next, so the first and
                                  the last connects meet bridges of the same sizes
            """ + JnetdOptions.USAGE + """
            Needs root: it creates network namespaces (only its own, under /run/jnet-bench-PID); the memory
            part also a mount namespace for dockerd and cgroups for its containers (removed at the end).
            """;
    private static final Path NETAVARK = Path.of("/usr/lib/podman/netavark");
    private static final Path CNI_PLUGINS = Path.of("/usr/lib/cni");
    private static final long QUIET_TIMEOUT_MS = 10_000;
    private static final int ENDPOINTS_FOR_RSS = 1000;
    private static final int NSENTER_PROBES = 30;

    private final Options options;
    private final BenchmarkFrame frame;
    private final ThrowawayNamespaces namespaces;
    private final AttachCheck check;
    private final AttachResults results = new AttachResults();
    private final List<String> notes = new ArrayList<>();
    private JnetdUnderTest jnetd;
    private final java.util.concurrent.atomic.AtomicInteger jnetSubnets = new java.util.concurrent.atomic.AtomicInteger();

    private ConnectBenchmark(Options options, BenchmarkFrame frame) {
        this.options = options;
        this.frame = frame;
        this.namespaces = frame.namespaces();
        this.check = new AttachCheck(frame.executor(), frame.ip(), frame.work().resolve("check.err"));
    }

    public static void main(String[] args) {
        Optional<Options> parsed;
        try {
            parsed = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.print(e.getMessage() + System.lineSeparator() + USAGE);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            System.out.print(USAGE);
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("connect benchmark: needs root to create network namespaces");
            System.exit(2);
        }
        Options options = parsed.get();
        System.exit(BenchmarkFrame.run("connect benchmark", () -> requirePeers(options),
                frame -> new ConnectBenchmark(options, frame).run(frame.work())));
    }

    private static void requirePeers(Options options) {
        List<String> methods = options.parts().contains("connect") ? options.methods() : List.of();
        List<String> missing = new ArrayList<>();
        if (options.parts().contains("memory")) {
            missing.addAll(DockerdUnderTest.missing());
        }
        boolean netavark = methods.contains("netavark") || methods.contains("netavark-macvlan");
        if (netavark && !Files.isExecutable(NETAVARK)) {
            missing.add(NETAVARK + " (Debian package netavark)");
        }
        if (netavark && Files.notExists(Path.of("/usr/sbin/iptables"))) {
            missing.add("/usr/sbin/iptables, which netavark 1.4 runs (Debian package iptables)");
        }
        if (methods.contains("cni") && !(Files.isExecutable(CNI_PLUGINS.resolve("bridge"))
                && Files.isExecutable(CNI_PLUGINS.resolve("host-local")))) {
            missing.add(CNI_PLUGINS + "/bridge and host-local (Debian package containernetworking-plugins)");
        }
        if (!missing.isEmpty()) {
            throw new BenchmarkException("missing: " + String.join("; ", missing) + "; install with apt-get install "
                    + "netavark containernetworking-plugins iptables docker.io busybox-static");
        }
    }

    private void run(Path work) {
        System.out.println(Machine.describe(work));
        System.out.println("load average at start: " + Machine.loadAverage()
                + " (other work on the machine shows in the timings)");
        System.out.println("software: " + versions(work));
        List<Target> targets = new ArrayList<>();
        try {
            if (options.parts().contains("connect")) {
                runConnect();
            }
            if (options.parts().contains("memory")) {
                awaitQuiet();
                targets.addAll(MemoryPart.run(frame, options.jnetd()));
            }
            if (options.parts().contains("scale")) {
                awaitQuiet();
                targets.addAll(ScalePart.run(frame, options.jnetd(), options.scale(), options.clients()));
            }
        } finally { // what the parts before a failure measured is printed too
            summary(targets);
        }
    }

    private void summary(List<Target> targets) {
        if (!results.isEmpty()) {
            System.out.println();
            System.out.print(results.table());
            System.out.println();
            String bridge = results.ratios();
            if (!bridge.isEmpty()) {
                System.out.println("jnet's median over each peer's (lower is better):");
                System.out.print(bridge);
            }
            String macvlan = results.macvlanRatios();
            if (!macvlan.isEmpty()) {
                System.out.println("macvlan: jnet-macvlan's median over netavark-macvlan's and over jnet's on a bridge "
                        + "(lower is better):");
                System.out.print(macvlan);
            }
            if (options.methods().contains("jnet-pinning")) {
                System.out.println();
                System.out.println("what pinning addresses to ports costs (jnet-pinning: even containers to a pinned network, "
                        + "odd ones to an unpinned one, alternating; all rounds' connects together):");
                System.out.print(results.pinningCost());
            }
        }
        notes.forEach(System.out::println);
        if (!targets.isEmpty()) {
            System.out.println();
            targets.forEach(t -> System.out.println(t.line()));
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    private void runConnect() {
        System.out.printf("workload: attach N containers to one bridge network, or macvlan network for the -macvlan "
                + "methods (eth0, an IPv4 address from a /16, a default route), one client or %d at once; each run "
                + "fresh; warm-up of %d per method not counted%n", options.clients(), options.warmUp());
        List<AttachMethod> methods = new ArrayList<>();
        for (String name : options.methods()) {
            methods.add(switch (name) {
                case "jnet", "jnet-pinning" -> new JnetAttach(jnetd == null ? startJnetd() : jnetd, frame.executor(),
                        options.clients(), AttachDriver.BRIDGE, name.equals("jnet-pinning"), jnetSubnets);
                case "jnet-macvlan" -> new JnetAttach(jnetd == null ? startJnetd() : jnetd, frame.executor(),
                        options.clients(), AttachDriver.MACVLAN, false, jnetSubnets);
                case "netavark" -> new NetavarkAttach(NETAVARK, namespaces, frame.executor(), AttachDriver.BRIDGE);
                case "netavark-macvlan" -> new NetavarkAttach(NETAVARK, namespaces, frame.executor(), AttachDriver.MACVLAN);
                case "cni" -> new CniAttach(CNI_PLUGINS, namespaces);
                default -> throw new IllegalStateException("unchecked method " + name);
            });
        }
        if (methods.stream().anyMatch(m -> !(m instanceof JnetAttach))) {
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
                for (int round = 0; round < options.rounds(); round++) {
                    for (AttachMethod method : methods) {
                        results.add(timeOnce(method, n, clients, ""));
                    }
                }
            }
        }
        if (jnetd != null && options.restartNetworks() > 0) {
            awaitQuiet();
            RestartTimer.run(jnetd, frame.executor(), options.restartNetworks(), options.clients())
                    .forEach(System.out::println);
        }
        if (jnetd != null) {
            frame.stopJnetd(jnetd); // the other parts start a fresh one each
        }
    }

    private JnetdUnderTest startJnetd() {
        jnetd = frame.startJnetd(namespaces.create("jnetd-host"), options.jnetd());
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
                String rss = "jnetd RSS at %,d endpoints (%s, %s): %.1f MiB (VmRSS of pid %d)".formatted(n,
                        method.name(), timing.mode(), jnetd.rssKib() / 1024.0, jnetd.pid());
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
        boolean connect = options.parts().contains("connect");
        if (connect && (options.methods().contains("netavark") || options.methods().contains("netavark-macvlan"))) {
            parts.add(Processes.run(List.of(NETAVARK.toString(), "--version"), work.resolve("netavark.err")).strip());
            parts.add(Processes.run(List.of("iptables", "-V"), work.resolve("iptables.err")).strip());
        }
        if (connect && options.methods().contains("cni")) {
            parts.add("containernetworking-plugins " + Processes.run(List.of("dpkg-query", "-W", "-f=${Version}",
                    "containernetworking-plugins"), work.resolve("dpkg.err")).strip());
        }
        if (options.parts().contains("memory")) {
            for (String pkg : List.of("docker.io", "containerd", "runc", "busybox-static")) {
                parts.add(pkg + " " + Processes.run(List.of("dpkg-query", "-W", "-f=${Version}", pkg),
                        work.resolve("dpkg.err")).strip());
            }
        }
        return String.join("; ", parts);
    }

    /** The command line, parsed. */
    record Options(List<String> parts, List<Integer> sizes, int clients, List<String> modes, List<String> methods,
                   int rounds, int warmUp, int restartNetworks, ScaleShape scale, JnetdOptions jnetd) {
        private static final List<String> PARTS = List.of("connect", "memory", "scale");
        private static final List<String> METHODS = List.of("jnet", "netavark", "cni", "jnet-macvlan", "netavark-macvlan");
        private static final List<String> ALL_METHODS = List.of("jnet", "netavark", "cni", "jnet-macvlan",
                "netavark-macvlan", "jnet-pinning");
        private static final List<String> MODES = List.of("sequential", "concurrent");
        private static final int MAX_CONTAINERS = 10_000;

        /** The number of clients of each mode's runs, in order. */
        List<Integer> clientCounts() {
            return modes.stream().map(m -> m.equals("sequential") ? 1 : clients).toList();
        }

        /** The options, or empty when help was asked for; IllegalArgumentException when they are wrong. */
        static Optional<Options> parse(String[] args) {
            return CommandLine.parse(args, Set.of("--parts", "--sizes", "--clients", "--modes", "--methods", "--rounds",
                    "--warm-up", "--restart-networks", "--scale-endpoints", "--scale-networks", "--scale-networks-per-sandbox",
                    "--scale-window", "--scale-fill")).map(p -> new Options(
                            p.get("--parts", PARTS, v -> inOrder(distinct("--parts", v, PARTS), PARTS)),
                            p.get("--sizes", List.of(100, 1000), v -> CommandLine.numbers("--sizes", v, 1, MAX_CONTAINERS)),
                            p.number("--clients", 16, 2, 256),
                            p.get("--modes", MODES, v -> distinct("--modes", v, MODES)),
                            p.get("--methods", METHODS, v -> distinct("--methods", v, ALL_METHODS)),
                            p.number("--rounds", 1, 1, 50),
                            p.number("--warm-up", 50, 0, MAX_CONTAINERS),
                            p.number("--restart-networks", 1000, 0, RestartTimer.MAX_NETWORKS),
                            scale(p),
                            p.jnetd()));
        }

        /** The scale shape; without --scale-window, the window is 1,000 or half the endpoints if fewer. */
        private static ScaleShape scale(CommandLine.Parsed p) {
            ScaleShape d = ScaleShape.DEFAULT;
            int endpoints = p.number("--scale-endpoints", d.endpoints(), 2, ScaleShape.MAX_ENDPOINTS);
            return new ScaleShape(endpoints,
                    p.number("--scale-networks", d.networks(), 1, ScaleShape.MAX_NETWORKS),
                    p.number("--scale-networks-per-sandbox", d.networksPerSandbox(), 1, ScaleShape.MAX_NETWORKS),
                    p.number("--scale-window", Math.min(d.window(), endpoints / 2), 1, ScaleShape.MAX_ENDPOINTS),
                    p.get("--scale-fill", ScaleShape.Fill.ROUND_ROBIN, ScaleShape.Fill::parse));
        }

        /** The parts always run in the order of {@code all}, whatever the order given. */
        private static List<String> inOrder(List<String> names, List<String> all) {
            return all.stream().filter(names::contains).toList();
        }

        private static List<String> distinct(String option, String value, List<String> allowed) {
            List<String> names = List.of(value.split(","));
            if (!allowed.containsAll(names) || names.size() != Set.copyOf(names).size()) {
                throw new IllegalArgumentException(option + " takes distinct names out of " + allowed);
            }
            return names;
        }
    }
}
