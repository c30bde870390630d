package dev.jnet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The measurements of every method, and the table and ratios made from them. */
final class Results {
    static final double TARGET_SPEEDUP_OVER_PER_PROCESS = 8.0;
    static final double TARGET_SLOWDOWN_AGAINST_BATCH = 1.3;

    private final Workload workload;
    private final Map<Contender, List<Measurement>> runs = new LinkedHashMap<>();

    Results(Workload workload, List<Contender> contenders) {
        this.workload = workload;
        contenders.forEach(c -> runs.put(c, new ArrayList<>()));
    }

    void add(Contender contender, Measurement measurement) {
        runs.get(contender).add(measurement);
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append("%-24s %10s %10s   %s%n".formatted("method", "seconds", "ops/s", "every run (s)"));
        runs.forEach((contender, list) -> {
            double median = medianSeconds(list);
            String each = list.stream().map(m -> "%.3f".formatted(m.seconds())).collect(Collectors.joining(" "));
            out.append("%-24s %10.3f %10.0f   %s%n".formatted(contender.label(), median, workload.operations() / median, each));
        });
        return out.toString();
    }

    /** The ratios and whether the targets are met; empty lines when a method was not run. */
    String ratios() {
        Contender jnet = find(JnetContender.class);
        Contender perProcess = find(IpPerProcessContender.class);
        Contender batch = find(IpBatchContender.class);
        StringBuilder out = new StringBuilder();
        if (jnet != null && perProcess != null) {
            double speedup = medianSeconds(runs.get(perProcess)) / medianSeconds(runs.get(jnet));
            out.append("jnet vs one ip process per operation: %.2fx faster (target: at least %.0fx) %s%n".formatted(
                    speedup, TARGET_SPEEDUP_OVER_PER_PROCESS, speedup >= TARGET_SPEEDUP_OVER_PER_PROCESS ? "MET" : "MISSED"));
        }
        if (jnet != null && batch != null) {
            double slowdown = medianSeconds(runs.get(jnet)) / medianSeconds(runs.get(batch));
            out.append("jnet vs ip -batch: %.2fx the time of ip -batch (target: at most %.1fx) %s%n".formatted(
                    slowdown, TARGET_SLOWDOWN_AGAINST_BATCH, slowdown <= TARGET_SLOWDOWN_AGAINST_BATCH ? "MET" : "MISSED"));
        }
        return out.toString();
    }

    /** Median time of each jnet phase, for finding where the time goes. */
    String jnetPhases() {
        Contender jnet = find(JnetContender.class);
        if (jnet == null || runs.get(jnet).isEmpty()) {
            return "";
        }
        List<Measurement> list = runs.get(jnet);
        List<String> parts = new ArrayList<>();
        for (int p = 0; p < list.getFirst().phases().size(); p++) {
            int phase = p;
            long[] nanos = list.stream().mapToLong(m -> m.phases().get(phase).nanos()).toArray();
            parts.add("%s %.1f ms".formatted(list.getFirst().phases().get(p).name(), median(nanos) / 1e6));
        }
        return "jnet phases (median): " + String.join(", ", parts) + System.lineSeparator();
    }

    private Contender find(Class<? extends Contender> type) {
        return runs.keySet().stream().filter(type::isInstance).findFirst().orElse(null);
    }

    private static double medianSeconds(List<Measurement> list) {
        return median(list.stream().mapToLong(Measurement::nanos).toArray()) / 1e9;
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
