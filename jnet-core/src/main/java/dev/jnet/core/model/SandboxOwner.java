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

    /** Whether the process still runs (the same one: its start time is unchanged). */
    public boolean alive() {
        return startTimeOf(pid).map(start -> start == startTime).orElse(false);
    }

    /** Field 22 of {@code /proc/PID/stat}, after the command name (which may hold spaces and parentheses). */
    static Optional<Long> startTimeOf(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(after[19])); // field 3 is after[0]: 22 - 3 = 19
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
