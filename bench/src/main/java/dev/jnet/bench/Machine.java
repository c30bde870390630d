package dev.jnet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the benchmark runs on, and a wait for the kernel to finish work left over from the last run. */
final class Machine {
    private static final Path STAT = Path.of("/proc/stat");
    private static final long QUIET_WINDOW_MS = 250;
    private static final double QUIET_BUSY_FRACTION = 0.10;
    private static final long QUIET_TIMEOUT_MS = 30_000;

    private Machine() {}

    /** {@code machine: 2 cores, kernel 6.18.44, CPU AMD EPYC}. */
    static String describe(Path work) {
        String cores = Processes.run(List.of("nproc"), work.resolve("nproc.err")).strip();
        String kernel = Processes.run(List.of("uname", "-r"), work.resolve("uname.err")).strip();
        return "machine: %s cores, kernel %s, CPU %s".formatted(cores, kernel, cpuModel().orElse("unknown"));
    }

    /** The first three fields of /proc/loadavg: other work on the machine shows up in the timings. */
    static String loadAverage() {
        try {
            String[] fields = readProc(Path.of("/proc/loadavg")).strip().split("\\s+");
            return String.join(" ", fields[0], fields[1], fields[2]);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A /proc file's text: read from a stream, since such files report a size of 0. */
    static String readProc(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits until the CPUs are nearly idle over a short window. Deleting a namespace hands its links to
     * a kernel worker that tears them down in the background; without this wait that work would land in
     * the next method's timing. Returns how long it waited, or -1 if the machine never became quiet.
     */
    static long awaitQuiet() {
        return awaitQuiet(QUIET_TIMEOUT_MS);
    }

    /** {@link #awaitQuiet()} giving up after {@code timeoutMs}. */
    static long awaitQuiet(long timeoutMs) {
        long start = System.nanoTime();
        long deadline = start + timeoutMs * 1_000_000;
        long[] before = cpuTimes();
        while (System.nanoTime() < deadline) {
            sleep(QUIET_WINDOW_MS);
            long[] after = cpuTimes();
            long total = after[0] - before[0];
            long idle = after[1] - before[1];
            if (total > 0 && (total - idle) <= QUIET_BUSY_FRACTION * total) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            before = after;
        }
        return -1;
    }

    /** All jiffies and idle (with I/O wait) jiffies, summed over CPUs, from the first line of /proc/stat. */
    static long[] cpuTimes() {
        String line;
        try (InputStream in = Files.newInputStream(STAT)) {
            String text = new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
            line = text.substring(0, text.indexOf('\n'));
        } catch (IOException e) {
            throw new BenchmarkException("read " + STAT + ": " + e.getMessage(), e);
        }
        String[] fields = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) { // user .. steal; guest is already in user
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {total, idle};
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for the machine to settle", e);
        }
    }
}
