package dev.jnet.core.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * How long an operation took, counted in fixed buckets as it happens (three adds, no lock), for a latency
 * histogram: the count, the total time and the count of each bucket.
 */
public final class Latency {
    /** Upper bounds of the buckets in seconds, from 100 µs (a local DNS answer) to 10 s; +Inf is implied. */
    private static final double[] BOUNDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];

    public Latency() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records one operation that started at {@code startNanos} ({@link System#nanoTime()}) and ends now. */
    public void since(long startNanos) {
        record(System.nanoTime() - startNanos);
    }

    /** Records one operation that took {@code took} nanoseconds. */
    public void record(long took) {
        count.increment();
        nanos.add(took);
        double seconds = took / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        buckets[i].increment();
    }

    public long count() {
        return count.sum();
    }

    public double sumSeconds() {
        return nanos.sum() / 1e9;
    }

    /** The buckets' upper bounds in seconds, the last one {@code +Inf}. */
    public static double[] bounds() {
        double[] all = java.util.Arrays.copyOf(BOUNDS, BOUNDS.length + 1);
        all[BOUNDS.length] = Double.POSITIVE_INFINITY;
        return all;
    }

    /** Each bucket's own count (not cumulative), in the order of {@link #bounds()}. */
    public long[] bucketCounts() {
        long[] counts = new long[buckets.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
        }
        return counts;
    }
}
