package dev.jnet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts the external commands the benchmark needs ({@code nsenter}, {@code ip}, {@code sh}) and keeps
 * track of the ones still running, so that an interrupted benchmark can stop exactly the processes it
 * started and nothing else.
 */
final class Processes {
    private static final long TIMEOUT_MINUTES = 10;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    private Processes() {}

    /** Runs {@code command} to its end and returns its standard output; fails on a non-zero exit. */
    static String run(List<String> command, Path errorFile) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(errorFile.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BenchmarkException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
        RUNNING.add(process);
        try (InputStream out = process.getInputStream()) {
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new BenchmarkException(describe(command) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new BenchmarkException(describe(command) + " exited with " + process.exitValue() + ": "
                        + tail(errorFile));
            }
            return output;
        } catch (IOException e) {
            throw new BenchmarkException("read the output of " + describe(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new BenchmarkException("interrupted while " + describe(command) + " ran", e);
        } finally {
            RUNNING.remove(process);
        }
    }

    /** Kills the processes this benchmark started that are still running (for the shutdown hook). */
    static void stopAll() {
        for (Process process : RUNNING) {
            process.destroyForcibly();
        }
    }

    private static String describe(List<String> command) {
        String joined = String.join(" ", command);
        return "'" + (joined.length() > 120 ? joined.substring(0, 117) + "..." : joined) + "'";
    }

    private static String tail(Path errorFile) {
        try {
            String text = Files.readString(errorFile).strip();
            return text.isEmpty() ? "(no message)" : text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(no message: " + e.getMessage() + ")";
        }
    }
}
