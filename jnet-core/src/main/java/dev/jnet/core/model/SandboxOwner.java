package dev.jnet.core.model;

import dev.jnet.error.JnetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process a sandbox lives for ({@code jnet run}'s): when it is gone, jnet removes the sandbox, so that a
 * killed client leaves nothing behind. A process is its pid and its start time (in clock ticks since boot,
 * from {@code /proc/PID/stat}), so that a pid the kernel gave to another process since does not count.
 */
public record SandboxOwner(long pid, long startTime) {
    /** The running process {@code pid}; INVALID if there is none. */
    public static SandboxOwner of(long pid) {
        return startTimeOf(pid).map(start -> new SandboxOwner(pid, start)).orElseThrow(() ->
                JnetException.invalid("owner pid " + pid + " is not a running process on jnetd's machine"));
    }

    /**
     * Whether the process still runs (the same one: its start time is unchanged). Only a process that is
     * gone (no {@code /proc/PID}) or another one with its pid counts as ended; a read that fails for
     * another reason (out of descriptors, say) keeps the sandbox.
     */
    public boolean alive() {
        try {
            return read(pid).map(start -> start == startTime).orElse(false);
        } catch (IOException e) {
            return true;
        }
    }

    /** Field 22 of {@code /proc/PID/stat}, or empty if it is not a running process. */
    static Optional<Long> startTimeOf(long pid) {
        try {
            return read(pid);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Field 22 of {@code /proc/PID/stat}, after the command name (which may hold spaces, parentheses and
     * bytes that are not UTF-8: read as ISO-8859-1); empty when there is no such process.
     */
    private static Optional<Long> read(long pid) throws IOException {
        if (pid <= 0) {
            return Optional.empty();
        }
        String stat;
        try {
            stat = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(after[19])); // field 3 is after[0]: 22 - 3 = 19
        } catch (RuntimeException e) {
            throw new IOException("cannot read the start time in /proc/" + pid + "/stat: " + e.getMessage(), e);
        }
    }
}
