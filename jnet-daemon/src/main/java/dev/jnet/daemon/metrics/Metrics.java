package dev.jnet.daemon.metrics;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.resolver.DnsStats;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * jnetd's metrics in the Prometheus text format, built when scraped from what jnetd counts as it goes
 * (requests, resolver answers, repairs, events) and from the controller's state; the Prometheus Java
 * client's model and writer do the format, and none of it is loaded until the first scrape.
 */
public final class Metrics {
    private final Controller controller;
    private final RequestStats requests;
    private final Supplier<Map<String, Long>> events;

    /**
     * @param events the number of events so far by {@code type:action}
     */
    public Metrics(Controller controller, RequestStats requests, Supplier<Map<String, Long>> events) {
        this.controller = controller;
        this.requests = requests;
        this.events = events;
    }

    /** The text exposition (version 0.0.4), with its content type. */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Every metric now, written in the Prometheus text format. */
    public byte[] scrape() {
        List<MetricSnapshot> all = new ArrayList<>();
        all.add(gauge("jnet_networks", "Networks jnetd knows, predefined ones included", controller.networks().size()));
        all.add(gauge("jnet_sandboxes", "Sandboxes", controller.sandboxes().size()));
        all.add(gauge("jnet_endpoints", "Endpoints (a sandbox's connection to a network)",
                controller.networks().stream().mapToInt(n -> controller.endpointsOf(n).size()).sum()));
        all.add(counter("jnet_drift_repairs", "Times jnetd found drift in the kernel and repaired it by itself",
                controller.driftRepairs()));
        all.addAll(dns(controller.dnsStats()));
        all.add(Histograms.of("jnet_store_write_duration_seconds",
                "Time the store took to write one change durably (a SQLite transaction)",
                Map.of(Labels.EMPTY, controller.storeWrites())));
        all.add(eventCounter());
        all.addAll(RequestMetrics.snapshots(requests));
        all.addAll(memory());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, new MetricSnapshots(all), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<MetricSnapshot> dns(DnsStats dns) {
        return List.of(
                counter("jnet_dns_queries", "Queries the embedded resolvers received (UDP)", dns.queries()),
                counter("jnet_dns_answered_locally", "Queries answered from jnet's own names", dns.answeredLocally()),
                counter("jnet_dns_forwarded", "Queries forwarded to the sandboxes' upstream servers", dns.forwarded()),
                counter("jnet_dns_failures", "Queries answered with a failure (malformed, or no upstream answered)",
                        dns.failures()),
                Histograms.of("jnet_dns_answer_duration_seconds",
                        "Time from a query's arrival to its answer, by where the answer came from (local, forwarded)",
                        Map.of(Labels.of("answer", "local"), dns.localAnswerTime(),
                                Labels.of("answer", "forwarded"), dns.forwardedAnswerTime())));
    }

    private MetricSnapshot eventCounter() {
        CounterSnapshot.Builder builder = CounterSnapshot.builder().name("jnet_events")
                .help("Changes jnetd made, by type and action (what its event streams report)");
        events.get().forEach((key, count) -> {
            String[] typeAction = key.split(":", 2);
            builder.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("type", typeAction[0], "action", typeAction[1])).value(count).build());
        });
        return builder.build();
    }

    /** The process's resident memory (VmRSS) and the JVM's heap, read without starting JMX. */
    private static List<MetricSnapshot> memory() {
        Runtime runtime = Runtime.getRuntime();
        return List.of(
                GaugeSnapshot.builder().name("process_resident_memory_bytes").help("Resident memory size in bytes")
                        .unit(Unit.BYTES).dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(rssBytes()).build())
                        .build(),
                GaugeSnapshot.builder().name("jvm_memory_heap_used_bytes").help("Java heap in use")
                        .unit(Unit.BYTES).dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .value(runtime.totalMemory() - runtime.freeMemory()).build()).build(),
                GaugeSnapshot.builder().name("jvm_memory_heap_committed_bytes").help("Java heap committed")
                        .unit(Unit.BYTES).dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .value(runtime.totalMemory()).build()).build());
    }

    private static double rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    static CounterSnapshot counter(String name, String help, double value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
