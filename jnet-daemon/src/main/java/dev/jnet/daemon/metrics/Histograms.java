package dev.jnet.daemon.metrics;

import dev.jnet.core.stats.Latency;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.Map;

/** {@link Latency} counts as a Prometheus latency histogram in seconds, one data point per label set. */
final class Histograms {
    private Histograms() {}

    static HistogramSnapshot of(String name, String help, Map<Labels, Latency> series) {
        HistogramSnapshot.Builder builder = HistogramSnapshot.builder().name(name).help(help).unit(Unit.SECONDS);
        series.forEach((labels, latency) -> builder.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .labels(labels)
                // each count is its own bucket's: the writer makes them cumulative
                .classicHistogramBuckets(ClassicHistogramBuckets.of(Latency.bounds(), latency.bucketCounts()))
                .sum(latency.sumSeconds()).build()));
        return builder.build();
    }
}
