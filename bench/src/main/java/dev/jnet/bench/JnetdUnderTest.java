package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsManager;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real jnetd, started through its launcher inside a throwaway fake host:
 * {@code nsenter --net=HOST bin/jnetd --socket DIR/jnetd.sock --state-dir DIR/state --run-dir DIR/run}
 * (or through another {@link Entry}, one that adds private mounts). nsenter execs the launcher, which execs
 * java, so the pid of the started process is jnetd's own; signals go to that pid only. Its directories
 * stay across a restart, as a real host's do; {@link #close()} stops it and removes the sandbox namespaces
 * it left in its run directory.
 */
final class JnetdUnderTest implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    /**
     * How the launcher's command line enters the fake host; the result must exec its way to the launcher,
     * so that the started process's pid stays jnetd's.
     */
    @FunctionalInterface
    interface Entry {
        /** nsenter into the fake host's network namespace alone: jnetd shares the machine's mounts. */
        Entry NETWORK = (jnetd, launcher) -> ThrowawayNamespaces.inside(jnetd.host(), launcher);

        List<String> command(JnetdUnderTest jnetd, List<String> launcher);
    }

    private final Path launcher;
    private final NetNs host;
    private final Path directory;
    private final String logLevel;
    private final Optional<String> javaOptions;
    private final Optional<Path> logCopies;
    private final Entry entry;
    private volatile Process process;
    private volatile Path log;
    private int starts;

    /**
     * @param javaOptions JAVA_TOOL_OPTIONS for jnetd alone (a profiler, heap settings)
     * @param logCopies where {@link #close()} copies jnetd's logs, to read after the run
     */
    JnetdUnderTest(Path launcher, NetNs host, Path directory, String logLevel, Optional<String> javaOptions,
                   Optional<Path> logCopies, Entry entry) {
        this.launcher = launcher;
        this.host = host;
        this.directory = directory;
        this.logLevel = logLevel;
        this.javaOptions = javaOptions;
        this.logCopies = logCopies;
        this.entry = entry;
    }

    Path socket() {
        return directory.resolve("jnetd.sock");
    }

    NetNs host() {
        return host;
    }

    /** The directory holding its socket, state, run directory and logs. */
    Path directory() {
        return directory;
    }

    /**
     * Starts jnetd and waits until {@code GET /v1/_ping} answers 200; returns the time from just before
     * the process was started to that answer.
     */
    Duration startAndAwaitReady(Duration timeout) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("jnetd already runs as pid " + process.pid());
        }
        List<String> command = entry.command(this, List.of(launcher.toString(),
                "--socket", socket().toString(), "--state-dir", directory.resolve("state").toString(),
                "--run-dir", directory.resolve("run").toString(), "--log-level", logLevel));
        log = directory.resolve("jnetd-" + ++starts + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        javaOptions.ifPresent(o -> builder.environment().put("JAVA_TOOL_OPTIONS", o));
        long start = System.nanoTime();
        process = Processes.start(builder);
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (answersPing()) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (!process.isAlive()) {
                throw new BenchmarkException("jnetd exited with " + process.exitValue() + " before it was ready: " + log());
            }
            sleep(2);
        }
        throw new BenchmarkException("jnetd did not answer /v1/_ping within " + timeout + ": " + log());
    }

    private boolean answersPing() {
        if (!Files.exists(socket())) {
            return false;
        }
        try (JnetdClient client = new JnetdClient(socket())) {
            return client.get("/v1/_ping").status() == 200;
        } catch (BenchmarkException e) {
            return false; // the socket file exists before jnetd listens on it
        }
    }

    /** jnetd's pid (the java process: nsenter and the launcher exec'd into it). */
    long pid() {
        return process.pid();
    }

    /** VmRSS of the java process in KiB, from /proc/PID/status; fails if that process is not java. */
    long rssKib() {
        return ProcessMemory.read(process.pid(), "java").rssKib();
    }

    /** jnetd's memory once its RSS has settled (see {@link ProcessMemory#settled}). */
    ProcessMemory.Reading settledMemory() {
        return ProcessMemory.settled(process.pid(), "java");
    }

    /** SIGTERM to jnetd's pid and a wait for it to end; its exit status. SIGKILL if it does not end in time. */
    int stop() {
        Process process = this.process;
        if (process == null) {
            return 0;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new BenchmarkException("jnetd did not stop within " + STOP_TIMEOUT + " of SIGTERM; killed it");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new BenchmarkException("interrupted while jnetd stopped", e);
        } finally {
            Processes.forget(process);
        }
    }

    /** The log of the current (or last) run of jnetd. */
    String log() {
        try {
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Stops jnetd if it runs, then removes the sandbox namespaces it left (jnetd keeps them as state). */
    @Override
    public synchronized void close() {
        Process process = this.process;
        if (process != null && process.isAlive()) {
            try {
                stop();
            } catch (BenchmarkException e) {
                System.err.println("stopping jnetd: " + e.getMessage());
            }
        }
        logCopies.ifPresent(this::copyLogs);
        NetnsManager sandboxes = new NetnsManager(directory.resolve("run").resolve("netns"));
        for (String name : sandboxes.list()) {
            sandboxes.delete(name);
        }
        sandboxes.releaseDirectory();
    }

    private void copyLogs(Path target) {
        try {
            Files.createDirectories(target);
            for (int i = 1; i <= starts; i++) {
                Path log = directory.resolve("jnetd-" + i + ".log");
                if (Files.exists(log)) {
                    Files.copy(log, target.resolve(directory.getFileName() + "-" + i + ".log"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            System.err.println("copy jnetd's logs to " + target + ": " + e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for jnetd", e);
        }
    }
}
