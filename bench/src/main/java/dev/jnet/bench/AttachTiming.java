package dev.jnet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One timed run: every container of a trial attached, by one client or by several at once, each taking
 * the next container. Each attach is timed on its own (for the median and p99); the run as a whole gives
 * the throughput. A failed attach is counted and its first messages kept, not retried.
 *
 * @param nanos the latency of every successful attach, sorted
 * @param inOrder the latency of every attach in the order of the containers (-1 for a failed one)
 * @param wallNanos from the first attach's start to the last one's end
 */
record AttachTiming(String method, int containers, int clients, long[] nanos, long[] inOrder, int failed,
                    List<String> failures, long wallNanos) {
    private static final int KEPT_FAILURES = 3;

    static AttachTiming measure(String method, AttachMethod.Trial trial, int clients) {
        int n = trial.containers().size();
        long[] latencies = new long[n];
        Arrays.fill(latencies, -1);
        AtomicInteger next = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        Runnable worker = () -> {
            try (AttachMethod.Attacher attacher = trial.client()) {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long start = System.nanoTime();
                    try {
                        attacher.attach(i);
                        latencies[i] = System.nanoTime() - start;
                    } catch (BenchmarkException e) {
                        failed.incrementAndGet();
                        if (failures.size() < KEPT_FAILURES) {
                            failures.add("container " + i + ": " + e.getMessage());
                        }
                    }
                }
            }
        };
        long start = System.nanoTime();
        if (clients == 1) {
            worker.run();
        } else {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                threads.add(Thread.ofPlatform().name("bench-client-" + t).start(worker));
            }
            Parallel.join(threads);
        }
        long wall = System.nanoTime() - start;
        long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        return new AttachTiming(method, n, clients, ok, latencies, failed.get(), List.copyOf(failures), wall);
    }

    String mode() {
        return clients == 1 ? "sequential" : clients + " clients";
    }

    double medianMs() {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        int mid = nanos.length / 2;
        double median = nanos.length % 2 == 1 ? nanos[mid] : (nanos[mid - 1] + nanos[mid]) / 2.0;
        return median / 1e6;
    }

    /** The 99th percentile by nearest rank. */
    double p99Ms() {
        return percentileMs(nanos, 0.99);
    }

    /**
     * Where the time goes beyond the median: p90, mean and max, and the medians of the first and the
     * last tenth of the containers (does an attach get slower as the bridge fills?).
     */
    String spread() {
        int tenth = Math.max(1, containers / 10);
        return "p90 %.2f, mean %.2f, max %.1f ms; median of the first/last tenth %.2f/%.2f ms".formatted(
                percentileMs(nanos, 0.90), Arrays.stream(nanos).average().orElse(Double.NaN) / 1e6,
                nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6,
                percentileMs(sortedSuccesses(0, tenth), 0.5), percentileMs(sortedSuccesses(containers - tenth, containers), 0.5));
    }

    private long[] sortedSuccesses(int from, int to) {
        return Arrays.stream(inOrder, from, to).filter(l -> l >= 0).sorted().toArray();
    }

    /** The nearest-rank percentile of {@code sorted} nanoseconds, in ms; NaN when there are none. */
    static double percentileMs(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** Successful attaches per second of the whole run. */
    double perSecond() {
        return nanos.length / (wallNanos / 1e9);
    }
}
