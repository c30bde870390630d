package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.IfName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What jnetd's drift watch costs and how fast it repairs (issue 10), on a fake host publishing 0, 1,000
 * and 10,000 ports through a real jnetd: the CPU time of its watch thread while nothing happens (the
 * periodic firewall check, every 2 s), from {@code /proc/PID/task/TID/schedstat}; then the time from an
 * {@code nft delete element} and from an {@code nft flush ruleset}, each run in the fake host, until nft
 * sees the element back. Run as root (bench/drift-benchmark.sh).
 */
public final class DriftBenchmark {
    /** The watch thread's name as the kernel keeps it (15 characters of {@code jnet-drift-watch}). */
    private static final String WATCH_THREAD = "jnet-drift-watc";
    private static final double CHECK_INTERVAL_SECONDS = 2;
    private static final long REPAIR_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final DriftOptions options;
    private final BenchmarkFrame frame;
    private final Path nftErrors;
    private final List<String> table = new ArrayList<>();
    private long repairsSeen;

    private DriftBenchmark(DriftOptions options, BenchmarkFrame frame) {
        this.options = options;
        this.frame = frame;
        this.nftErrors = frame.work().resolve("nft.err");
    }

    public static void main(String[] args) {
        Optional<DriftOptions> parsed;
        try {
            parsed = DriftOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.print(e.getMessage() + System.lineSeparator() + DriftOptions.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            System.out.print(DriftOptions.USAGE);
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("drift benchmark: needs root to create network namespaces");
            System.exit(2);
        }
        DriftOptions options = parsed.get();
        System.exit(BenchmarkFrame.run("drift benchmark", () -> { }, frame -> new DriftBenchmark(options, frame).run()));
    }

    private void run() {
        System.out.println(Machine.describe(frame.work()));
        System.out.println("load average at start: " + Machine.loadAverage());
        NetNs host = frame.namespaces().create("jnetd-host");
        try (RtNetlink rtnl = RtNetlink.open(frame.executor(), host)) {
            rtnl.links().setUp(IfName.of("lo"));
        }
        JnetdUnderTest jnetd = frame.startJnetd(host, options.jnetd());
        try (PortsOnJnetd api = new PortsOnJnetd(jnetd.socket()); JnetdClient client = new JnetdClient(jnetd.socket())) {
            api.createNetwork();
            for (int existing : options.existing()) {
                api.fillTo(existing);
                int seen = NftMaps.read(host, nftErrors).size(NftMaps.PORTS);
                if (seen != existing) {
                    throw new BenchmarkException("jnet's map holds " + seen + " elements, not " + existing);
                }
                measure(jnetd, client, host, existing);
            }
        }
        System.out.println();
        System.out.println("published ports | watch CPU per periodic check | watch thread, % of a core | "
                + "deleted element back after | flushed ruleset back after");
        table.forEach(System.out::println);
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    private void measure(JnetdUnderTest jnetd, JnetdClient client, NetNs host, int existing) {
        Machine.awaitQuiet();
        long tid = watchThread(jnetd.pid());
        long cpuBefore = cpuNanos(jnetd.pid(), tid);
        long start = System.nanoTime();
        sleep(TimeUnit.SECONDS.toMillis(options.windowSeconds()));
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMs = (cpuNanos(jnetd.pid(), tid) - cpuBefore) / 1e6;
        double perCheck = cpuMs / (seconds / CHECK_INTERVAL_SECONDS);
        double percent = cpuMs / 1e3 / seconds * 100;
        System.out.printf("existing %,6d: the watch thread used %.1f ms of CPU in %.1f s: %.2f ms per periodic check, "
                + "%.3f%% of a core%n", existing, cpuMs, seconds, perCheck, percent);

        String element = existing == 0 ? null : "tcp . " + PortsOnJnetd.FILL_FIRST_HOST_PORT;
        String probe = element == null ? "list set inet jnet ready" : "get element inet jnet ports4 { " + element + " }";
        String deleted = "-";
        if (element != null) {
            deleted = "%.0f ms".formatted(repairAfter(host, "delete element inet jnet ports4 { " + element + " }", probe) / 1e6);
            expectRepairs(client, 1);
        }
        String flushed = "%.0f ms".formatted(repairAfter(host, "flush ruleset", probe) / 1e6);
        expectRepairs(client, 1);
        System.out.printf("    drift repaired: a deleted port element is back after %s, a flushed ruleset after %s "
                + "(until nft in the fake host sees it again; includes jnet's 200 ms pause)%n", deleted, flushed);
        table.add("%,15d | %23.2f ms | %24.3f%% | %26s | %26s".formatted(existing, perCheck, percent, deleted, flushed));
    }

    /** Nanoseconds from the end of {@code nft drift} until {@code nft probe} succeeds again in {@code host}. */
    private long repairAfter(NetNs host, String drift, String probe) {
        Processes.run(ThrowawayNamespaces.inside(host, List.of("nft", drift)), nftErrors);
        long start = System.nanoTime();
        while (!succeeds(ThrowawayNamespaces.inside(host, List.of("nft", probe)))) {
            if (System.nanoTime() - start > REPAIR_TIMEOUT_NANOS) {
                throw new BenchmarkException("jnetd did not repair 'nft " + drift + "' within 30 s");
            }
            sleep(5);
        }
        return System.nanoTime() - start;
    }

    /** Checks that jnetd counted {@code more} repairs since the last check (its {@code driftRepairs}). */
    private void expectRepairs(JnetdClient client, int more) {
        long deadline = System.nanoTime() + REPAIR_TIMEOUT_NANOS;
        long now;
        do {
            now = client.get("/v1/info").json().path("driftRepairs").asLong();
        } while (now < repairsSeen + more && System.nanoTime() < deadline && sleep(20));
        if (now != repairsSeen + more) {
            throw new BenchmarkException("jnetd counts " + now + " drift repairs, not " + (repairsSeen + more));
        }
        repairsSeen = now;
    }

    private static boolean succeeds(List<String> command) {
        Process p = Processes.start(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
        try {
            return p.waitFor() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted", e);
        } finally {
            Processes.forget(p);
        }
    }

    /** The id of jnetd's drift watch thread. */
    private static long watchThread(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                if (Machine.readProc(task.resolve("comm")).strip().equals(WATCH_THREAD)) {
                    return Long.parseLong(task.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new BenchmarkException("list the threads of jnetd (pid " + pid + "): " + e.getMessage(), e);
        }
        throw new BenchmarkException("jnetd (pid " + pid + ") has no thread " + WATCH_THREAD + ": is drift repair off?");
    }

    /** The thread's time on a CPU, in nanoseconds (the first field of its schedstat). */
    private static long cpuNanos(long pid, long tid) {
        try {
            return Long.parseLong(Machine.readProc(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid), "schedstat"))
                    .strip().split(" ")[0]);
        } catch (IOException e) {
            throw new BenchmarkException("read the CPU time of jnetd's thread " + tid + ": " + e.getMessage(), e);
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted", e);
        }
    }
}
