package dev.jnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time of each thread of a process, from {@code /proc/PID/task/TID/stat}: two snapshots around
 * a run show which threads of a server did the work, without a profiler. Threads of the same name are
 * added up ({@code tokio-runtime-w}, {@code ForkJoinPool-1-w}).
 *
 * @param ticks utime + stime in clock ticks, by thread name
 */
record ThreadCpu(long pid, Map<String, Long> ticks, long nanoTime) {
    /** The kernel's USER_HZ, 100 on every Linux architecture jnet runs on. */
    private static final double TICKS_PER_SECOND = 100;

    ThreadCpu {
        ticks = Map.copyOf(ticks);
    }

    static ThreadCpu snapshot(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                try {
                    String stat = Machine.readProc(thread.resolve("stat"));
                    int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("-?\\d+$", "");
                    String[] fields = stat.substring(close + 2).split(" ");
                    long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    ticks.merge(name, cpu, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new BenchmarkException("list the threads of pid " + pid + ": " + e.getMessage(), e);
        }
        return new ThreadCpu(pid, ticks, System.nanoTime());
    }

    /** The busiest thread names since {@code before}, as percent of one core: {@code jnet-dns 97%, ...}. */
    String busiestSince(ThreadCpu before, int most) {
        double seconds = (nanoTime - before.nanoTime) / 1e9;
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, Long> e : ticks.entrySet()) {
            long delta = e.getValue() - before.ticks.getOrDefault(e.getKey(), 0L);
            total += delta;
            if (delta > 0) {
                used.add(Map.entry(e.getKey(), delta));
            }
        }
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> e : used.subList(0, Math.min(most, used.size()))) {
            parts.add("%s %.0f%%".formatted(e.getKey(), percent(e.getValue(), seconds)));
        }
        return "pid %d used %.0f%% of a core: %s".formatted(pid, percent(total, seconds),
                parts.isEmpty() ? "(no thread)" : String.join(", ", parts));
    }

    private static double percent(long ticks, double seconds) {
        return ticks / TICKS_PER_SECOND / seconds * 100;
    }
}
