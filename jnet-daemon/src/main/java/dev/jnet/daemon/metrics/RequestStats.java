package dev.jnet.daemon.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * API requests counted by API, method, route template and status, with their latency in fixed buckets:
 * cheap enough to record on every request (a map lookup and two adds), read when {@code /metrics} is
 * scraped.
 */
public final class RequestStats {
    /** Upper bounds of the latency buckets, in seconds (the last one, +Inf, is implied). */
    static final double[] BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** One series: what was asked and what was answered. */
    record Key(String api, String method, String route, int status) {}

    /** A series' count, latency sum and cumulative-to-be bucket counts ({@code buckets[BOUNDS.length]} is +Inf). */
    static final class Series {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void add(long took) {
            count.increment();
            nanos.add(took);
            double seconds = took / 1e9;
            int i = 0;
            while (i < BOUNDS.length && seconds > BOUNDS[i]) {
                i++;
            }
            buckets[i].increment();
        }
    }

    private final Map<Key, Series> series = new ConcurrentHashMap<>();

    /** Records one answered request ({@code route} is the template, or {@code unmatched}). */
    public void record(String api, String method, String route, int status, long nanos) {
        series.computeIfAbsent(new Key(api, method, route, status), k -> new Series()).add(nanos);
    }

    Map<Key, Series> series() {
        return series;
    }
}
