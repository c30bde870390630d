package dev.jnet.daemon.metrics;

import dev.jnet.core.stats.Latency;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API requests counted by API, method, route template and status, with their latency: cheap enough to
 * record on every request (a map lookup and three adds), read when {@code /metrics} is scraped.
 */
public final class RequestStats {
    /** One series: what was asked and what was answered. */
    record Key(String api, String method, String route, int status) {}

    private final Map<Key, Latency> series = new ConcurrentHashMap<>();

    /** Records one answered request ({@code route} is the template, or {@code unmatched}). */
    public void record(String api, String method, String route, int status, long nanos) {
        series.computeIfAbsent(new Key(api, method, route, status), k -> new Latency()).record(nanos);
    }

    Map<Key, Latency> series() {
        return series;
    }
}
