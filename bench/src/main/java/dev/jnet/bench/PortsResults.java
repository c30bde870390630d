package dev.jnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every size's timings, the table made from them and the two targets: publishing the ports at
 * 10,000 existing ones takes under 100 ms, and at most 1.5 times what it takes on an empty host.
 */
final class PortsResults {
    static final int TARGET_EXISTING = 10_000;
    static final double TARGET_MS = 100;
    static final double TARGET_RATIO = 1.5;

    private final List<PortsTiming> timings = new ArrayList<>();

    void add(PortsTiming timing) {
        timings.add(timing);
    }

    /** One line for a size as it finishes. */
    static String line(PortsTiming t) {
        return ("existing %,6d: connect + %d ports median %.2f ms, p90 %.2f, min %.2f; without ports %.2f ms; "
                + "the ports' own cost %.2f ms (%d runs each)").formatted(t.existing(), t.ports(), t.medianMs(),
                t.p90Ms(), t.minMs(), t.baselineMs(), t.portsCostMs(), t.withPorts().length);
    }

    String table() {
        int ports = timings.isEmpty() ? 0 : timings.getFirst().ports();
        StringBuilder out = new StringBuilder("%14s  %20s %8s %8s  %18s  %12s%n".formatted("existing ports",
                "connect+%d ports ms".formatted(ports), "p90 ms", "min ms", "without ports ms", "ports' cost"));
        for (PortsTiming t : timings) {
            out.append("%,14d  %20.2f %8.2f %8.2f  %18.2f  %12.2f%n".formatted(t.existing(), t.medianMs(), t.p90Ms(),
                    t.minMs(), t.baselineMs(), t.portsCostMs()));
        }
        return out.toString();
    }

    /** The two target lines, each MET, MISSED or not measured. */
    List<String> targets() {
        Optional<PortsTiming> empty = find(0);
        Optional<PortsTiming> full = find(TARGET_EXISTING);
        String absolute = full.map(t -> "%.2f ms %s".formatted(t.medianMs(), verdict(t.medianMs() < TARGET_MS)))
                .orElse("not measured (needs --existing with " + TARGET_EXISTING + ")");
        String ratio = full.isPresent() && empty.isPresent()
                ? "%.2f %s".formatted(full.get().medianMs() / empty.get().medianMs(),
                        verdict(full.get().medianMs() / empty.get().medianMs() <= TARGET_RATIO))
                : "not measured (needs --existing with 0 and " + TARGET_EXISTING + ")";
        return List.of(
                "target: t(%,d) < %.0f ms: %s".formatted(TARGET_EXISTING, TARGET_MS, absolute),
                "target: t(%,d)/t(0) <= %.1f: %s".formatted(TARGET_EXISTING, TARGET_RATIO, ratio));
    }

    private Optional<PortsTiming> find(int existing) {
        return timings.stream().filter(t -> t.existing() == existing).findFirst();
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }
}
