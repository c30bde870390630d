package dev.jnet.daemon.metrics;

import dev.jnet.core.stats.Latency;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link RequestStats} as Prometheus snapshots: a counter by status and a latency histogram by route. */
final class RequestMetrics {
    private RequestMetrics() {}

    static List<MetricSnapshot> snapshots(RequestStats stats) {
        CounterSnapshot.Builder counts = CounterSnapshot.builder().name("jnet_api_requests")
                .help("API requests answered, by API (native, docker), method, route and status");
        Map<Labels, Latency> latencies = new LinkedHashMap<>();
        for (Map.Entry<RequestStats.Key, Latency> e : stats.series().entrySet()) {
            RequestStats.Key key = e.getKey();
            Labels labels = Labels.of("api", key.api(), "method", key.method(), "route", key.route(),
                    "status", Integer.toString(key.status()));
            counts.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels)
                    .value(e.getValue().count()).build());
            latencies.put(labels, e.getValue());
        }
        HistogramSnapshot latency = Histograms.of("jnet_api_request_duration_seconds",
                "Time from a request's arrival to its answer, by API, method and route (a stream: its whole length)",
                latencies);
        return List.of(counts.build(), latency);
    }
}
