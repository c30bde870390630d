package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * dnsperf (Debian package dnsperf) run inside a client namespace with {@code nsenter}: a closed loop of
 * {@code clients} sockets keeping at most {@code outstanding} queries in flight, or, with a rate, at most
 * that many queries per second. Its output goes to a file (with {@code -v}, one line per query), read by
 * {@link DnsperfRun#parse}.
 */
final class Dnsperf {
    /** dnsperf's own wait for the last answers after the time limit, plus room to start and stop. */
    private static final long GRACE_SECONDS = 30;
    private static final long SAMPLE_MILLIS = 200;

    private Dnsperf() {}

    private static Optional<ThreadCpu> sample(long pid) {
        try {
            return Optional.of(ThreadCpu.snapshot(pid));
        } catch (BenchmarkException e) {
            return Optional.empty(); // it ended between the wait and the sample
        }
    }

    /**
     * One run's load.
     *
     * @param maxQps 0 for as fast as the server answers (dnsperf's default)
     * @param perQuery {@code -v}: one line per query, for latency percentiles
     */
    record Load(int seconds, int clients, int outstanding, int maxQps, boolean perQuery) {
        Load {
            if (seconds < 1 || clients < 1 || outstanding < 1 || maxQps < 0) {
                throw new IllegalArgumentException("a dnsperf load needs positive numbers: " + seconds + " s, "
                        + clients + " clients, " + outstanding + " outstanding, " + maxQps + " per second");
            }
        }

        /** {@code -l 20 -c 4 -q 200} and, when set, {@code -Q RATE -v}. */
        List<String> arguments() {
            List<String> args = new ArrayList<>(List.of("-l", Integer.toString(seconds), "-c", Integer.toString(clients),
                    "-q", Integer.toString(outstanding)));
            if (maxQps > 0) {
                args.addAll(List.of("-Q", Integer.toString(maxQps)));
            }
            if (perQuery) {
                args.add("-v");
            }
            return args;
        }

        String describe() {
            return "%d s, %d clients, %d outstanding%s".formatted(seconds, clients, outstanding,
                    maxQps > 0 ? ", at most %,d queries/s".formatted(maxQps) : "");
        }
    }

    /** A run's report and the CPU dnsperf itself used (sampled while it ran): the client can be the limit. */
    record Measured(DnsperfRun run, String clientCpu) {}

    /** Runs dnsperf against {@code server} from inside {@code client}; its output lands in {@code output}. */
    static Measured run(NetNs client, String server, Path queries, Load load, Path output) {
        List<String> command = new ArrayList<>(List.of("dnsperf", "-s", server, "-d", queries.toString()));
        command.addAll(load.arguments());
        ProcessBuilder builder = new ProcessBuilder(ThrowawayNamespaces.inside(client, command))
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = Processes.start(builder);
        ThreadCpu first = sample(process.pid()).orElse(new ThreadCpu(process.pid(), Map.of(), System.nanoTime()));
        ThreadCpu last = first;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(load.seconds() + GRACE_SECONDS);
        try {
            while (!process.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                last = sample(process.pid()).orElse(last);
            }
            if (process.isAlive()) {
                process.destroyForcibly();
                throw new BenchmarkException("dnsperf against " + server + " did not end within "
                        + (load.seconds() + GRACE_SECONDS) + " s");
            }
            if (process.exitValue() != 0) {
                throw new BenchmarkException("dnsperf against " + server + " exited with " + process.exitValue()
                        + "; its output is in " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new BenchmarkException("interrupted while dnsperf ran", e);
        } finally {
            Processes.forget(process);
        }
        return new Measured(DnsperfRun.parse(output), "dnsperf " + last.busiestSince(first, 2));
    }
}
