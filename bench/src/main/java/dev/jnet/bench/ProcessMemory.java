package dev.jnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process's memory as the kernel accounts it: {@code VmRSS} from {@code /proc/PID/status} (resident
 * anonymous, file and shared memory pages, what {@code ps} and {@code top} show as RSS), with its thread
 * and open descriptor counts beside it. {@link #settled} waits until the number stops moving, since a
 * process that just started or just served a burst is still growing or giving memory back.
 */
final class ProcessMemory {
    /** Samples are this far apart ... */
    static final long SAMPLE_MS = 500;
    /** ... and the RSS has settled when this many in a row lie within {@link #TOLERANCE_KIB} of each other. */
    static final int STEADY_SAMPLES = 5;
    static final long TOLERANCE_KIB = 1024;
    private static final long GIVE_UP_MS = 30_000;

    private ProcessMemory() {}

    /**
     * One reading.
     *
     * @param steady whether the RSS had settled (false: {@link #settled} gave up and took the last sample)
     * @param waitedMs how long it was sampled before this reading
     */
    record Reading(long pid, long rssKib, int threads, int fds, boolean steady, long waitedMs) {
        double mib() {
            return rssKib / 1024.0;
        }

        /** {@code 93.1 MiB (pid 123, 40 threads, 35 fds; steady after 2.5 s)}. */
        String describe() {
            return "%.1f MiB (pid %d, %d threads, %d fds; %s)".formatted(mib(), pid, threads, fds,
                    steady ? "steady after %.1f s".formatted(waitedMs / 1000.0)
                            : "STILL MOVING after %.0f s".formatted(waitedMs / 1000.0));
        }
    }

    /** Reads {@code pid} once; fails if it is gone or its command name is not {@code comm}. */
    static Reading read(long pid, String comm) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String actual = Machine.readProc(proc.resolve("comm")).strip();
            if (!actual.equals(comm)) {
                throw new BenchmarkException("pid " + pid + " is '" + actual + "', not " + comm);
            }
            String status = Machine.readProc(proc.resolve("status"));
            int fds;
            try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
                fds = (int) open.count();
            }
            return new Reading(pid, statusField(status, "VmRSS"), (int) statusField(status, "Threads"), fds, true, 0);
        } catch (IOException e) {
            throw new BenchmarkException("read " + proc + ": " + e.getMessage(), e);
        }
    }

    /**
     * Samples {@code pid} every {@link #SAMPLE_MS} until {@link #STEADY_SAMPLES} readings in a row lie
     * within {@link #TOLERANCE_KIB}, at most 30 s; returns the last reading.
     */
    static Reading settled(long pid, String comm) {
        long start = System.nanoTime();
        List<Long> samples = new ArrayList<>();
        Reading last = read(pid, comm);
        samples.add(last.rssKib());
        while (!steady(samples)) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (waited >= GIVE_UP_MS) {
                return withWait(last, false, waited);
            }
            sleep(SAMPLE_MS);
            last = read(pid, comm);
            samples.add(last.rssKib());
        }
        return withWait(last, true, (System.nanoTime() - start) / 1_000_000);
    }

    private static Reading withWait(Reading r, boolean steady, long waitedMs) {
        return new Reading(r.pid(), r.rssKib(), r.threads(), r.fds(), steady, waitedMs);
    }

    /** Whether the last {@link #STEADY_SAMPLES} samples lie within {@link #TOLERANCE_KIB} of each other. */
    static boolean steady(List<Long> samples) {
        if (samples.size() < STEADY_SAMPLES) {
            return false;
        }
        List<Long> last = samples.subList(samples.size() - STEADY_SAMPLES, samples.size());
        long min = last.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = last.stream().mapToLong(Long::longValue).max().orElseThrow();
        return max - min <= TOLERANCE_KIB;
    }

    /**
     * The number of a {@code /proc/PID/status} line such as {@code VmRSS:    77372 kB} or
     * {@code Threads:  12}; fails when the line is missing.
     */
    static long statusField(String status, String name) {
        String prefix = name + ":";
        return status.lines().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).strip().split("\\s+")[0])
                .filter(v -> v.matches("\\d{1,18}")).map(Long::parseLong).findFirst()
                .orElseThrow(() -> new BenchmarkException("no " + name + " line in /proc/PID/status"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while sampling memory", e);
        }
    }
}
