package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Queries per second and latency percentiles of jnet's embedded resolver against aardvark-dns, both
 * serving the same names ({@code web1..webN}, A records) to a client on their network: dnsperf runs
 * inside the client's namespace, first a short warm-up, then a saturating run (a closed loop of
 * {@code --clients} sockets and {@code --outstanding} queries in flight) and a paced run at a fixed rate.
 * jnet is a real jnetd in a throwaway fake host (the client asks 127.0.0.11 in its sandbox); aardvark-dns
 * is started by netavark 1.4 with DNS enabled in another fake host (the client asks the gateway). Each
 * server is checked with dig before it is timed, and the CPU its threads used during the saturating run
 * is printed. Run as root (bench/dns-benchmark.sh); nothing outside its own namespaces and
 * {@code /run/jnet-bench-PID} changes.
 */
public final class DnsBenchmark {
    private static final String USAGE = """
            usage: dns-benchmark.sh [--seconds=20] [--warm-up=3] [--names=20] [--clients=4] [--outstanding=200]
                                    [--paced-qps=20000] [--servers=jnet,aardvark] [--log-level=info]
                                    [--jnetd-java-options=OPTIONS]
              --seconds       length of each timed dnsperf run (default 20)
              --warm-up       seconds of dnsperf per server before timing, not counted (default 3; 0 skips)
              --names         containers web1..webN whose A records are asked, in turn (default 20)
              --clients       dnsperf's sockets, -c (default 4)
              --outstanding   dnsperf's queries in flight, -q (default 200)
              --paced-qps     rate of an extra run that shows latency below saturation (dnsperf -Q; 0 skips it)
              --servers       which servers to time (default both)
              --log-level     jnetd's log level (default info)
              --jnetd-java-options  JAVA_TOOL_OPTIONS for jnetd only
            Needs root: it creates network namespaces (only its own, under /run/jnet-bench-PID).
            """;
    private static final String SATURATED = "saturated";
    private static final String PACED = "paced";

    private final DnsOptions options;
    private final ThrowawayNamespaces namespaces;
    private final BenchmarkFrame frame;
    private final List<DnsTarget> targets = new ArrayList<>();
    private final DnsResults results = new DnsResults();

    private DnsBenchmark(DnsOptions options, BenchmarkFrame frame) {
        this.options = options;
        this.namespaces = frame.namespaces();
        this.frame = frame;
    }

    public static void main(String[] args) {
        DnsOptions options = BenchmarkStart.parseOrExit(args, USAGE, "dns", DnsOptions::parse);
        System.exit(BenchmarkFrame.run("dns benchmark", () -> requireTools(options.servers()),
                frame -> new DnsBenchmark(options, frame).run(frame.work())));
    }

    /** Fails with the Debian packages to install when a tool the run needs is missing. */
    private static void requireTools(List<String> servers) {
        Map<String, Path> needed = new LinkedHashMap<>(Map.of(
                "dnsperf", Path.of("/usr/bin/dnsperf"), "bind9-dnsutils", Path.of("/usr/bin/dig")));
        if (servers.contains("aardvark")) {
            needed.putAll(Map.of("netavark", AardvarkDns.NETAVARK, "aardvark-dns", AardvarkDns.AARDVARK,
                    "iptables", Path.of("/usr/sbin/iptables")));
        }
        List<String> missing = needed.entrySet().stream().filter(e -> !Files.isExecutable(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (!missing.isEmpty()) {
            throw new BenchmarkException("missing Debian packages: " + String.join(" ", missing)
                    + "; install them with: apt-get install -y " + String.join(" ", missing));
        }
    }

    private void run(Path work) {
        System.out.println(Machine.describe(work));
        System.out.println("load average at start: " + Machine.loadAverage()
                + " (other work on the machine shows in the timings)");
        System.out.println("software: " + versions(work));
        for (String server : options.servers()) {
            DnsTarget target = switch (server) {
                case "jnet" -> startJnet();
                case "aardvark" -> startAardvark();
                default -> throw new IllegalStateException("unchecked server " + server);
            };
            targets.add(target);
            System.out.println(target.name() + ": " + check(target, work));
        }
        Path queries = work.resolve("queries.txt");
        writeQueries(queries);
        System.out.printf("workload: dnsperf inside the client's namespace, A queries for web1..web%d in turn; "
                + "%d s warm-up per server not counted; saturated = %s%s%n", options.names(), options.warmUp(),
                options.measured().describe(), options.paced().map(l -> "; paced = " + l.describe()).orElse(""));
        for (DnsTarget target : targets) {
            measure(target, queries, work);
        }
        System.out.println();
        System.out.print(results.table());
        System.out.println();
        results.verdicts(SATURATED).forEach(System.out::println);
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    private DnsTarget startJnet() {
        NetNs host = namespaces.create("jnetd-host");
        JnetdUnderTest jnetd = frame.startJnetd(host,
                new JnetdOptions(options.logLevel(), options.jnetdJavaOptions(), Optional.empty()));
        return JnetDns.create(jnetd, options.names());
    }

    private DnsTarget startAardvark() {
        AardvarkDns target = AardvarkDns.create(namespaces, options.names());
        frame.closeAtEnd(target);
        System.out.printf("aardvark-dns: pid %d, started by netavark in its fake host%n", target.serverPid());
        return target;
    }

    /** One dig per name inside the client namespace: each must answer exactly the container's address. */
    private static String check(DnsTarget target, Path work) {
        List<String> command = new ArrayList<>(List.of("dig", "+short", "+time=2", "+tries=2", "@" + target.server()));
        command.addAll(target.addresses().keySet());
        String output = Processes.run(ThrowawayNamespaces.inside(target.client(), command), work.resolve("dig.err"));
        List<String> answered = output.lines().map(String::strip).toList();
        List<String> expected = List.copyOf(target.addresses().values());
        if (!answered.equals(expected)) {
            throw new BenchmarkException(target.name() + " at " + target.server() + " answered " + answered
                    + " for " + target.addresses().keySet() + "; expected " + expected);
        }
        return "dig @%s from the client: all %d names right, e.g. web7 -> %s".formatted(target.server(),
                expected.size(), target.addresses().getOrDefault("web7", expected.getFirst()));
    }

    private void writeQueries(Path queries) {
        String lines = IntStream.rangeClosed(1, options.names()).mapToObj(i -> "web" + i + " A\n")
                .collect(Collectors.joining());
        try {
            Files.writeString(queries, lines);
        } catch (IOException e) {
            throw new BenchmarkException("write " + queries + ": " + e.getMessage(), e);
        }
    }

    private void measure(DnsTarget target, Path queries, Path work) {
        awaitQuiet();
        String name = target.name();
        if (options.warmUp() > 0) {
            DnsperfRun warm = Dnsperf.run(target.client(), target.server(), queries, options.warmUpLoad(),
                    work.resolve(name + "-warm-up.out")).run();
            System.out.printf("warm-up, not counted: %s %,.0f queries/s%n", name, warm.queriesPerSecond());
        }
        ThreadCpu threads = ThreadCpu.snapshot(target.serverPid());
        long[] machine = Machine.cpuTimes();
        Dnsperf.Measured measured = Dnsperf.run(target.client(), target.server(), queries, options.measured(),
                work.resolve(name + "-" + SATURATED + ".out"));
        DnsperfRun run = measured.run();
        System.out.println(DnsResults.line(name, SATURATED, run));
        System.out.println("    " + name + " " + ThreadCpu.snapshot(target.serverPid()).busiestSince(threads, 4));
        System.out.println("    " + measured.clientCpu());
        System.out.println("    machine: " + busyCores(machine, Machine.cpuTimes()));
        requireNoError(name, run);
        results.add(name, SATURATED, run);
        options.paced().ifPresent(load -> {
            DnsperfRun paced = Dnsperf.run(target.client(), target.server(), queries, load,
                    work.resolve(name + "-" + PACED + ".out")).run();
            System.out.println(DnsResults.line(name, PACED, paced));
            requireNoError(name, paced);
            results.add(name, PACED, paced);
        });
    }

    private static void requireNoError(String name, DnsperfRun run) {
        if (!run.allNoError()) {
            throw new BenchmarkException(name + " answered other than NOERROR: " + run.responseCodes());
        }
    }

    /** {@code 1.93 of 2 cores busy} (dnsperf, the server and the kernel's network work) between two samples. */
    private static String busyCores(long[] before, long[] after) {
        long total = after[0] - before[0];
        long idle = after[1] - before[1];
        int cores = Runtime.getRuntime().availableProcessors();
        return "%.2f of %d cores busy (dnsperf, the server and the kernel)".formatted(
                total == 0 ? 0 : (double) (total - idle) / total * cores, cores);
    }

    private static void awaitQuiet() {
        if (Machine.awaitQuiet(10_000) < 0) {
            System.out.println("note: the CPUs stayed busy for 10 s; the next run may include other work");
        }
    }

    private String versions(Path work) {
        List<String> parts = new ArrayList<>(List.of("Java " + Runtime.version(), "dnsperf " + Processes.run(
                List.of("dpkg-query", "-W", "-f=${Version}", "dnsperf"), work.resolve("dpkg.err")).strip()));
        if (options.servers().contains("aardvark")) {
            parts.add(Processes.run(List.of(AardvarkDns.NETAVARK.toString(), "--version"), work.resolve("nv.err")).strip());
            parts.add(Processes.run(List.of(AardvarkDns.AARDVARK.toString(), "--version"), work.resolve("ad.err")).strip());
        }
        return String.join("; ", parts);
    }
}
