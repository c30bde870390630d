package dev.jnet.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The CPU time processes have used so far, user and system, from {@code /proc/PID/stat} (in the kernel's
 * fixed USER_HZ of 100 ticks a second): read before and after a timed phase, the difference is what those
 * processes did meanwhile.
 */
final class ProcessCpu {
    private static final double MS_PER_TICK = 10.0;

    private ProcessCpu() {}

    /** The user and system time of all of {@code pids} together, in milliseconds (10 ms steps). */
    static double usedMs(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            ticks += ticks(pid);
        }
        return ticks * MS_PER_TICK;
    }

    private static long ticks(long pid) {
        Path file = Path.of("/proc", Long.toString(pid), "stat");
        String stat;
        try {
            stat = Machine.readProc(file);
        } catch (java.io.IOException e) {
            throw new BenchmarkException("read " + file + ": " + e.getMessage(), e);
        }
        // The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
    }
}
