package dev.jnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DNS benchmark's results: one row per server and load, and the two targets, jnet at least
 * {@value #QPS_RATIO_TARGET}x aardvark-dns's queries per second and jnet's p99 under {@value #P99_TARGET_MS} ms,
 * both from the saturating run.
 */
final class DnsResults {
    static final double QPS_RATIO_TARGET = 1.5;
    static final double P99_TARGET_MS = 2.0;

    /** One server's runs. */
    record Row(String server, String load, DnsperfRun run) {}

    private final List<Row> rows = new ArrayList<>();

    void add(String server, String load, DnsperfRun run) {
        rows.add(new Row(server, load, run));
    }

    /** One line for a run as it ends. */
    static String line(String server, String load, DnsperfRun run) {
        return "%s (%s): %,.0f queries/s, %,d lost of %,d, p50 %.3f ms, p99 %.3f ms, avg %.3f ms; answers: %s"
                .formatted(server, load, run.queriesPerSecond(), run.lost(), run.sent(), run.latency().p50(),
                        run.latency().p99(), run.averageMs(), run.responseCodes());
    }

    String table() {
        StringBuilder out = new StringBuilder(
                "%-14s %-10s %12s %8s %8s %8s %8s %8s %8s%n".formatted("server", "load", "QPS", "lost", "p50 ms",
                        "p90 ms", "p99 ms", "avg ms", "max ms"));
        for (Row row : rows) {
            DnsperfRun r = row.run();
            out.append("%-14s %-10s %,12.0f %,8d %8.3f %8.3f %8.3f %8.3f %8.3f%n".formatted(row.server(), row.load(),
                    r.queriesPerSecond(), r.lost(), r.latency().p50(), r.latency().p90(), r.latency().p99(),
                    r.averageMs(), r.latency().max()));
        }
        return out.toString();
    }

    /** The two target lines, for whichever of them the servers run allow. */
    List<String> verdicts(String saturated) {
        Optional<DnsperfRun> jnet = find("jnet", saturated);
        Optional<DnsperfRun> aardvark = find("aardvark-dns", saturated);
        List<String> lines = new ArrayList<>();
        if (jnet.isPresent() && aardvark.isPresent()) {
            double ratio = jnet.get().queriesPerSecond() / aardvark.get().queriesPerSecond();
            lines.add("jnet/aardvark QPS ratio %.2f (%,.0f / %,.0f), target >= %.1f: %s".formatted(ratio,
                    jnet.get().queriesPerSecond(), aardvark.get().queriesPerSecond(), QPS_RATIO_TARGET,
                    ratio >= QPS_RATIO_TARGET ? "MET" : "MISSED"));
        }
        jnet.ifPresent(run -> lines.add("jnet p99 %.3f ms at %,.0f queries/s, target < %.0f ms: %s".formatted(
                run.latency().p99(), run.queriesPerSecond(), P99_TARGET_MS,
                run.latency().p99() < P99_TARGET_MS ? "MET" : "MISSED")));
        return lines;
    }

    private Optional<DnsperfRun> find(String server, String load) {
        return rows.stream().filter(r -> r.server().equals(server) && r.load().equals(load)).map(Row::run).findFirst();
    }
}
