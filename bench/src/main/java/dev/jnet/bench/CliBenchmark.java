package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How long a CLI command takes end to end, from starting the process to its exit, against a running jnetd:
 * {@code bin/jnet network ls} and {@code bin/jnet network connect NET SANDBOX} (the launcher, the JVM and
 * the request), beside the stock docker client's {@code docker network ls} and {@code docker network
 * connect} against jnetd's Docker API socket, in the same run and rounds taking turns. jnetd is a real
 * one in a throwaway fake host; each connect is undone through the API, untimed, before the next. Every
 * command must exit 0, and each connect must show as the sandbox's endpoint. Run as root
 * (bench/cli-benchmark.sh).
 */
public final class CliBenchmark {
    private static final String USAGE = """
            usage: cli-benchmark.sh [--runs=30] [--warm-up=3] [--log-level=info] [--jnetd-java-options=OPTIONS]
              --runs      timed runs of each command (default 30)
              --warm-up   untimed runs of each command first (default 3; the first jnet run after a build
                          also makes the CLI's class archive)
            Needs root: it creates network namespaces (only its own, under /run/jnet-bench-PID).
            """;
    static final double TARGET_MS = 150;
    private static final Path DOCKER = Path.of("/usr/local/bin/docker");
    private static final String NETWORK = "clibench";
    private static final String SANDBOX = "clibench-sb";

    private final CommandLine.Parsed options;
    private final BenchmarkFrame frame;
    private final Map<String, List<Long>> nanos = new LinkedHashMap<>();

    private CliBenchmark(CommandLine.Parsed options, BenchmarkFrame frame) {
        this.options = options;
        this.frame = frame;
    }

    public static void main(String[] args) {
        CommandLine.Parsed options = BenchmarkStart.parseOrExit(args, USAGE, "cli",
                a -> CommandLine.parse(a, Set.of("--runs", "--warm-up")));
        System.exit(BenchmarkFrame.run("cli benchmark", () -> { }, frame -> new CliBenchmark(options, frame).run()));
    }

    private void run() {
        int runs = options.number("--runs", 30, 1, 1000);
        int warmUp = options.number("--warm-up", 3, 0, 100);
        NetNs host = frame.namespaces().create("cli-host");
        JnetdUnderTest jnetd = frame.startJnetd(host, options.jnetd());
        Path jnet = BenchmarkFrame.jnetHome().resolve("bin/jnet");
        Path dockerSocket = jnetd.socket().resolveSibling("docker.sock");
        boolean docker = Files.isExecutable(DOCKER);
        try (JnetdClient api = new JnetdClient(jnetd.socket())) {
            api.postOk("/v1/networks", """
                    {"name": "%s", "driver": "bridge", "ipv4": [{"subnet": "10.77.0.0/24"}]}""".formatted(NETWORK));
            api.postOk("/v1/sandboxes", "{\"name\": \"%s\"}".formatted(SANDBOX));
            List<String> jnetCli = List.of(jnet.toString(), "--socket", jnetd.socket().toString());
            List<String> dockerCli = List.of(DOCKER.toString(), "-H", "unix://" + dockerSocket);
            Map<String, Timed> commands = new LinkedHashMap<>();
            commands.put("jnet network ls", () -> list(jnetCli));
            commands.put("jnet network connect", () -> connectThenUndo(api, jnetCli));
            if (docker) {
                commands.put("docker network ls", () -> list(dockerCli));
                commands.put("docker network connect", () -> connectThenUndo(api, dockerCli));
            } else {
                System.out.println("cli: no docker client at " + DOCKER + "; timing jnet's alone");
            }
            System.out.printf("cli: %d warm-up and %d timed runs of each command, taking turns%n", warmUp, runs);
            for (int round = 0; round < warmUp + runs; round++) {
                boolean timed = round >= warmUp;
                commands.forEach((name, command) -> {
                    long took = command.nanos();
                    if (timed) {
                        nanos.computeIfAbsent(name, n -> new ArrayList<>()).add(took);
                    }
                });
            }
        } finally {
            frame.stopJnetd(jnetd);
        }
        report();
    }

    private String run(List<String> cli, String... args) {
        List<String> command = new ArrayList<>(cli);
        command.addAll(Arrays.asList(args));
        return Processes.run(command, frame.work().resolve("cli.err"));
    }

    /** One command: runs it, checks what it did, and returns how long the command itself took. */
    private interface Timed {
        long nanos();
    }

    private long list(List<String> cli) {
        long start = System.nanoTime();
        String output = run(cli, "network", "ls");
        long took = System.nanoTime() - start;
        if (!output.contains(NETWORK)) {
            throw new BenchmarkException(cli.getFirst() + " network ls did not list " + NETWORK + ": " + output);
        }
        return took;
    }

    /** Times the connect alone; then checks the sandbox's endpoint and disconnects it through the API. */
    private long connectThenUndo(JnetdClient api, List<String> cli) {
        long start = System.nanoTime();
        run(cli, "network", "connect", NETWORK, SANDBOX);
        long took = System.nanoTime() - start;
        String sandbox = api.get("/v1/sandboxes/" + SANDBOX).body();
        if (!sandbox.contains("10.77.0.")) {
            throw new BenchmarkException("after " + cli.getFirst() + " network connect, the sandbox has no address on "
                    + NETWORK + ": " + sandbox);
        }
        api.postOk("/v1/networks/" + NETWORK + "/disconnect", "{\"sandbox\": \"%s\"}".formatted(SANDBOX));
        return took;
    }

    private void report() {
        System.out.println();
        System.out.println("command                  runs   median ms   p90 ms   min ms");
        Map<String, Double> medians = new LinkedHashMap<>();
        nanos.forEach((name, values) -> {
            long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            double median = sorted[sorted.length / 2] / 1e6;
            medians.put(name, median);
            System.out.printf("%-24s %5d %11.1f %8.1f %8.1f%n", name, sorted.length, median,
                    sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.9) - 1)] / 1e6, sorted[0] / 1e6);
        });
        System.out.println();
        Consumer<String> target = name -> System.out.println(
                Target.atMost(name + " median, end to end", medians.get(name), TARGET_MS, "ms", 1).line());
        target.accept("jnet network ls");
        target.accept("jnet network connect");
    }
}
