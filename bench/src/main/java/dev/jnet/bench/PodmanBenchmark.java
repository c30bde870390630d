package dev.jnet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How long a container start takes with podman end to end: {@code podman run --rm --network NET
 * --rootfs ROOTFS /bin/true}, from starting the command to its exit (podman, conmon, runc, the network's
 * setup and its teardown), with jnet's CNI plugin against podman's own netavark backend with aardvark-dns,
 * in one run, the two taking turns. Each side is a {@link PodmanUnderTest} in a fake host and a private
 * mount namespace of its own; the root file system is Debian's static busybox. Before the clock starts, a
 * container on each network shows its address and resolves its own name through that side's DNS server;
 * between runs the benchmark waits for the last container's conmon and the CPUs to settle; afterwards no
 * container may be left, nor a jnet sandbox (podman's DEL removed each). Run as root
 * (bench/podman-benchmark.sh).
 */
public final class PodmanBenchmark {
    private static final String USAGE = """
            usage: podman-benchmark.sh [--runs=30] [--warm-up=3] [--resident] [--log-level=info]
                                       [--jnetd-logs=DIR] [--jnetd-java-options=OPTIONS]
              --runs      timed runs of each side (default 30), jnet and netavark taking turns
              --warm-up   untimed runs of each side first (default 3)
              --resident  keep one detached container on each network during the runs (netavark then
                          keeps its bridge and aardvark-dns running between runs, as jnet always does)
            """ + JnetdOptions.USAGE + """
            Needs root: it creates network and mount namespaces (only its own, under /run/jnet-bench-PID).
            """;
    private static final String NETWORK = "podbench";
    private static final String RESIDENT = "resident";
    /** The same on both sides: each is a fake host of its own. */
    private static final String SUBNET = "10.89.0.0/24";
    /** Prints {@code address A}, {@code nameserver N} and {@code probe B}: the container's name as N answers it. */
    private static final String PROBE = """
            ip -o -4 addr show eth0 | awk '{print "address", $4}'
            ns=$(awk '/^nameserver/ {print $2; exit}' /etc/resolv.conf)
            echo "nameserver $ns"
            nslookup probe "$ns" | awk '/^Address: / {a = $2} END {print "probe", a}'
            """;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    private static final long QUIET_TIMEOUT_MS = 3_000;

    private final CommandLine.Parsed options;
    private final BenchmarkFrame frame;
    private final Map<String, List<Long>> nanos = new LinkedHashMap<>();
    private int unsettled;
    private int busy;

    private PodmanBenchmark(CommandLine.Parsed options, BenchmarkFrame frame) {
        this.options = options;
        this.frame = frame;
    }

    public static void main(String[] args) {
        CommandLine.Parsed options = BenchmarkStart.parseOrExit(args, USAGE, "podman",
                a -> CommandLine.parse(a, Set.of("--runs", "--warm-up", "--resident")).map(p -> {
                    if (!p.get("--resident", "", v -> v).isEmpty()) {
                        throw new IllegalArgumentException("--resident takes no value");
                    }
                    return p;
                }));
        System.exit(BenchmarkFrame.run("podman benchmark", PodmanBenchmark::requireTools,
                frame -> new PodmanBenchmark(options, frame).run()));
    }

    /** Fails with the Debian packages to install when a program either side runs is missing. */
    private static void requireTools() {
        Map<Path, String> needed = new LinkedHashMap<>();
        needed.put(PodmanUnderTest.PODMAN, "podman");
        needed.put(Path.of("/usr/bin/conmon"), "conmon");
        needed.put(Path.of("/usr/sbin/runc"), "runc");
        needed.put(PodmanUnderTest.NETAVARK, "netavark");
        needed.put(PodmanUnderTest.AARDVARK, "aardvark-dns");
        needed.put(Path.of("/usr/sbin/iptables"), "iptables");
        needed.put(BusyboxRootfs.BUSYBOX, "busybox-static");
        needed.put(Path.of("/usr/bin/curl"), "curl");
        List<String> missing = needed.entrySet().stream().filter(e -> !Files.isExecutable(e.getKey()))
                .map(Map.Entry::getValue).distinct().toList();
        if (!missing.isEmpty()) {
            throw new BenchmarkException("missing Debian packages: " + String.join(" ", missing)
                    + "; install them with: apt-get install -y " + String.join(" ", missing));
        }
    }

    private void run() {
        int runs = options.number("--runs", 30, 1, 1000);
        int warmUp = options.number("--warm-up", 3, 0, 100);
        boolean resident = options.own().containsKey("--resident");
        Path work = frame.work();
        System.out.println(Machine.describe(work));
        System.out.println("load average at start: " + Machine.loadAverage()
                + " (other work on the machine shows in the timings)");
        List<PodmanUnderTest> sides = new ArrayList<>();
        try {
            sides.add(PodmanUnderTest.withJnet(frame, options.jnetd(), NETWORK, SUBNET));
            sides.add(PodmanUnderTest.withNetavark(frame, NETWORK, SUBNET));
            System.out.println("software: " + versions(sides.getLast(), work));
            for (PodmanUnderTest side : sides) {
                System.out.println(side.label() + ": " + probe(side));
                if (resident) {
                    side.run(List.of("-d", "--name", RESIDENT), "/bin/sleep", "3600");
                }
                side.markSettled();
            }
            System.out.printf("podman: %d warm-up and %d timed runs of 'podman run --rm --network %s --rootfs ROOTFS "
                    + "/bin/true' per side, taking turns; %s%n", warmUp, runs, NETWORK, resident
                    ? "a detached container '" + RESIDENT + "' stays on each network" : "no other container runs");
            for (int round = 0; round < warmUp + runs; round++) {
                for (PodmanUnderTest side : sides) {
                    long took = timedRun(side);
                    if (round >= warmUp) {
                        nanos.computeIfAbsent(side.label(), l -> new ArrayList<>()).add(took);
                    }
                }
            }
            System.out.println(afterwards(sides, resident));
        } finally {
            sides.reversed().forEach(PodmanUnderTest::close);
        }
        report();
    }

    /** One container on the side's network: its address, and its own name as the side's DNS server answers. */
    private static String probe(PodmanUnderTest side) {
        Map<String, String> seen = new LinkedHashMap<>();
        side.run(List.of("--name", "probe"), "/bin/sh", "-c", PROBE).lines().map(l -> l.strip().split(" ", 2))
                .filter(f -> f.length == 2).forEach(f -> seen.put(f[0], f[1]));
        String address = seen.getOrDefault("address", "");
        String ip = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
        if (!ip.startsWith(SUBNET.substring(0, SUBNET.lastIndexOf('.') + 1)) || !ip.equals(seen.get("probe"))) {
            throw new BenchmarkException(side.label() + ": a container on " + NETWORK + " saw " + seen
                    + "; expected an address in " + SUBNET + " that its name resolves to");
        }
        return "a container gets %s on eth0; its name resolves to it at %s".formatted(address, seen.get("nameserver"));
    }

    private long timedRun(PodmanUnderTest side) {
        if (!side.awaitSettled(SETTLE_TIMEOUT)) {
            unsettled++;
        }
        if (Machine.awaitQuiet(QUIET_TIMEOUT_MS) < 0) {
            busy++;
        }
        long start = System.nanoTime();
        side.run(List.of(), "/bin/true");
        return System.nanoTime() - start;
    }

    /**
     * No container left on either side but the resident one, and no other sandbox in jnetd: each
     * {@code --rm} ended with a DEL.
     */
    private static String afterwards(List<PodmanUnderTest> sides, boolean resident) {
        String expected = resident ? RESIDENT : "";
        for (PodmanUnderTest side : sides) {
            String left = side.podman("ps", "-a", "--format", "{{.Names}}").strip();
            if (!left.equals(expected)) {
                throw new BenchmarkException(side.label() + ": containers after the runs: '" + left + "', expected '"
                        + expected + "'");
            }
        }
        int sandboxes = sides.getFirst().jnetSandboxes();
        if (sandboxes != (resident ? 1 : 0)) {
            throw new BenchmarkException("jnetd holds " + sandboxes + " sandbox(es) after the runs: podman's DEL missed some");
        }
        return resident ? "afterwards: only the resident container on either side, its sandbox alone left in jnetd"
                : "afterwards: no container on either side, no sandbox left in jnetd";
    }

    private void report() {
        System.out.println();
        System.out.print(table(nanos));
        if (unsettled + busy > 0) {
            System.out.printf("note: before %d run(s) the last container's processes had not ended within %d s, before "
                    + "%d the CPUs were still busy after %.0f s%n", unsettled, SETTLE_TIMEOUT.toSeconds(), busy,
                    QUIET_TIMEOUT_MS / 1e3);
        }
        System.out.println();
        double jnet = Results.median(sorted(nanos.get("jnet"))) / 1e9;
        double netavark = Results.median(sorted(nanos.get("netavark"))) / 1e9;
        System.out.println(Target.atMostMeasured("jnet's median podman run, end to end", jnet, "netavark's",
                netavark, "s", 3).line());
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    /** Median, p90 and min of each side in seconds, and a last row of their ratios, first side over second. */
    static String table(Map<String, List<Long>> nanos) {
        StringBuilder out = new StringBuilder("%-14s %5s %9s %8s %8s%n".formatted("podman run", "runs", "median s", "p90 s",
                "min s"));
        List<double[]> rows = new ArrayList<>();
        nanos.forEach((side, values) -> {
            long[] sorted = sorted(values);
            double[] row = {Results.median(sorted) / 1e9, AttachTiming.percentileMs(sorted, 0.9) / 1e3,
                    AttachTiming.percentileMs(sorted, 0) / 1e3};
            rows.add(row);
            out.append("%-14s %5d %9.3f %8.3f %8.3f%n".formatted(side, sorted.length, row[0], row[1], row[2]));
        });
        if (rows.size() == 2) {
            List<String> names = List.copyOf(nanos.keySet());
            out.append("%-14s %5s %9.2f %8.2f %8.2f%n".formatted(names.get(0) + "/" + names.get(1), "",
                    rows.get(0)[0] / rows.get(1)[0], rows.get(0)[1] / rows.get(1)[1], rows.get(0)[2] / rows.get(1)[2]));
        }
        return out.toString();
    }

    private static long[] sorted(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static String versions(PodmanUnderTest inside, Path work) {
        List<String> parts = new ArrayList<>(List.of(inside.podman("--version").strip()));
        for (List<String> command : List.of(List.of("conmon", "--version"), List.of("runc", "--version"),
                List.of(PodmanUnderTest.NETAVARK.toString(), "--version"),
                List.of(PodmanUnderTest.AARDVARK.toString(), "--version"))) {
            parts.add(Processes.run(command, work.resolve("version.err")).lines().findFirst().orElse("").strip());
        }
        parts.add("Java " + Runtime.version());
        return String.join("; ", parts);
    }
}
