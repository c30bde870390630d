package dev.jnet.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one dnsperf 2.10 run reports, read from its output: its statistics block (queries sent,
 * completed, lost, per second, response codes, average latency) and, when it ran with {@code -v}, the
 * per-query lines ({@code > NOERROR web7 A 0.000083}, or {@code > T web7 A} for a lost one) from which the latency percentiles are computed,
 * since dnsperf 2.10 prints only the average, minimum, maximum and standard deviation.
 *
 * @param responseCodes dnsperf's line, e.g. {@code NOERROR 1200000 (100.00%)}
 * @param latency empty ({@link Latency#count()} 0) for a run without {@code -v}
 */
record DnsperfRun(long sent, long completed, long lost, double queriesPerSecond, String responseCodes,
                  double averageMs, Latency latency) {
    private static final Pattern SENT = Pattern.compile("Queries sent:\\s+(\\d+)");
    private static final Pattern COMPLETED = Pattern.compile("Queries completed:\\s+(\\d+)");
    private static final Pattern LOST = Pattern.compile("Queries lost:\\s+(\\d+)");
    private static final Pattern QPS = Pattern.compile("Queries per second:\\s+([0-9.]+)");
    private static final Pattern CODES = Pattern.compile("Response codes:\\s+(.+)");
    private static final Pattern AVERAGE = Pattern.compile("Average Latency \\(s\\):\\s+([0-9.]+)");

    /** Latency percentiles in milliseconds over {@code count} answered queries. */
    record Latency(long count, double p50, double p90, double p99, double max) {
        static final Latency NONE = new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

        /** From per-query latencies in microseconds; sorts {@code micros[0..n)}. */
        static Latency of(long[] micros, int n) {
            if (n == 0) {
                return NONE;
            }
            Arrays.sort(micros, 0, n);
            return new Latency(n, rank(micros, n, 0.50), rank(micros, n, 0.90), rank(micros, n, 0.99),
                    micros[n - 1] / 1000.0);
        }

        /** The nearest-rank percentile. */
        private static double rank(long[] sorted, int n, double fraction) {
            int index = (int) Math.ceil(fraction * n) - 1;
            return sorted[Math.clamp(index, 0, n - 1)] / 1000.0;
        }
    }

    /** Reads dnsperf's output file; fails when its statistics block is missing. */
    static DnsperfRun parse(Path output) {
        StringBuilder statistics = new StringBuilder();
        long[] micros = new long[1 << 20];
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(output, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("> T ")) {
                    continue; // a query that timed out: counted as lost by dnsperf, no latency
                }
                if (line.startsWith("> ")) {
                    if (n == micros.length) {
                        micros = Arrays.copyOf(micros, n * 2);
                    }
                    micros[n++] = micros(line.substring(line.lastIndexOf(' ') + 1));
                } else {
                    statistics.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new BenchmarkException("read dnsperf's output " + output + ": " + e.getMessage(), e);
        }
        String text = statistics.toString();
        return new DnsperfRun(Long.parseLong(find(SENT, text, output)), Long.parseLong(find(COMPLETED, text, output)),
                Long.parseLong(find(LOST, text, output)), Double.parseDouble(find(QPS, text, output)),
                find(CODES, text, output).strip(), Double.parseDouble(find(AVERAGE, text, output)) * 1000,
                Latency.of(micros, n));
    }

    /** {@code 0.000083} seconds, as dnsperf prints them, in microseconds. */
    private static long micros(String seconds) {
        return Math.round(Double.parseDouble(seconds) * 1_000_000);
    }

    private static String find(Pattern pattern, String text, Path output) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new BenchmarkException("dnsperf printed no '" + pattern.pattern().split(":")[0] + "' (see " + output
                    + "): " + (text.length() > 1500 ? text.substring(text.length() - 1500) : text));
        }
        return m.group(1);
    }

    /** Whether every answer had rcode NOERROR. */
    boolean allNoError() {
        return responseCodes.startsWith("NOERROR") && !responseCodes.contains(",");
    }
}
