package dev.jnet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts the external commands the benchmarks need ({@code nsenter}, {@code ip}, jnetd, network plugins)
 * and keeps track of the ones still running, so that an interrupted benchmark can stop exactly the
 * processes it started and nothing else.
 */
final class Processes {
    private static final long TIMEOUT_MINUTES = 10;
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static volatile boolean stopping;

    private Processes() {}

    /** Runs {@code command} to its end and returns its standard output; fails on a non-zero exit. */
    static String run(List<String> command, Path errorFile) {
        return run(command, Map.of(), errorFile);
    }

    /** {@link #run(List, Path)} with {@code environment} added to ours. */
    static String run(List<String> command, Map<String, String> environment, Path errorFile) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(errorFile.toFile());
        builder.environment().putAll(environment);
        Process process = start(builder);
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

    /**
     * Runs {@code command} with {@code environment} added to ours and {@code input} on its standard input,
     * as a container runtime runs a network plugin; returns its standard output and error together.
     * Fails with that output on a non-zero exit.
     */
    static String runPiped(List<String> command, Map<String, String> environment, byte[] input) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = start(builder);
        try {
            try (OutputStream in = process.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // it ended without reading its input; its output says why
            }
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new BenchmarkException(describe(command) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                String text = output.strip();
                throw new BenchmarkException(describe(command) + " exited with " + process.exitValue() + ": "
                        + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
            }
            return output;
        } catch (IOException e) {
            throw new BenchmarkException("read the output of " + describe(command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new BenchmarkException("interrupted while " + describe(command) + " ran", e);
        } finally {
            forget(process);
        }
    }

    /**
     * Starts {@code builder}'s command and keeps track of it until {@link #forget}; refuses once
     * {@link #stopAll} has run, so that an interrupted benchmark starts nothing new.
     */
    static Process start(ProcessBuilder builder) {
        if (stopping) {
            throw new BenchmarkException("the benchmark is shutting down");
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new BenchmarkException("cannot start " + builder.command().getFirst() + ": " + e.getMessage(), e);
        }
        RUNNING.add(process);
        if (stopping) {
            process.destroyForcibly();
        }
        return process;
    }

    /** The process has ended (or was given up on): no longer ours to stop. */
    static void forget(Process process) {
        RUNNING.remove(process);
    }

    /** Kills the processes this benchmark started that are still running (for the shutdown hook). */
    static void stopAll() {
        stopping = true;
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
