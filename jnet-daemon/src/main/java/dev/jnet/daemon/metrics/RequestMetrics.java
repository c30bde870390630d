package dev.jnet.daemon.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.List;
import java.util.Map;

/** {@link RequestStats} as Prometheus snapshots: a counter by status and a latency histogram by route. */
final class RequestMetrics {
    private RequestMetrics() {}

    static List<MetricSnapshot> snapshots(RequestStats stats) {
        CounterSnapshot.Builder counts = CounterSnapshot.builder().name("jnet_api_requests")
                .help("API requests answered, by API (native, docker), method, route and status");
        HistogramSnapshot.Builder latency = HistogramSnapshot.builder().name("jnet_api_request_duration_seconds")
                .help("Time from a request's arrival to its answer, by API, method and route (a stream: its whole length)")
                .unit(Unit.SECONDS);
        for (Map.Entry<RequestStats.Key, RequestStats.Series> e : stats.series().entrySet()) {
            RequestStats.Key key = e.getKey();
            RequestStats.Series series = e.getValue();
            counts.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("api", key.api(), "method", key.method(), "route", key.route(),
                            "status", Integer.toString(key.status())))
                    .value(series.count.sum()).build());
            latency.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("api", key.api(), "method", key.method(), "route", key.route(),
                            "status", Integer.toString(key.status())))
                    .classicHistogramBuckets(buckets(series)).sum(series.nanos.sum() / 1e9).build());
        }
        return List.of(counts.build(), latency.build());
    }

    /** The series' buckets, ending with +Inf; each count is its own bucket's (the writer makes them cumulative). */
    private static ClassicHistogramBuckets buckets(RequestStats.Series series) {
        double[] bounds = new double[RequestStats.BOUNDS.length + 1];
        long[] counts = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = i < RequestStats.BOUNDS.length ? RequestStats.BOUNDS[i] : Double.POSITIVE_INFINITY;
            counts[i] = series.buckets[i].sum();
        }
        return ClassicHistogramBuckets.of(bounds, counts);
    }
}
