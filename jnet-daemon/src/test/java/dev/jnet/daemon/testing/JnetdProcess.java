package dev.jnet.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * jnetd started through the real launcher, {@code bin/jnetd}, inside a fake host
 * ({@code nsenter --net=FAKE_HOST bin/jnetd --socket ... --state-dir ... --run-dir ...}). nsenter execs
 * the launcher, which execs java, so the process's pid is jnetd's. Signals go to that pid only.
 */
public final class JnetdProcess implements AutoCloseable {
    public static final Path LAUNCHER = Path.of("..", "bin", "jnetd").toAbsolutePath().normalize();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final FakeHost host;
    private final Process process;
    private final Path log;

    private JnetdProcess(FakeHost host, Process process, Path log) {
        this.host = host;
        this.process = process;
        this.log = log;
    }

    /** Starts jnetd on the host's directories, with {@code extra} arguments after the usual ones. */
    public static JnetdProcess start(FakeHost host, String... extra) {
        return start(host, java.util.Map.of(), extra);
    }

    /** {@link #start(FakeHost, String...)} with {@code environment} added (JAVA_TOOL_OPTIONS, say). */
    public static JnetdProcess start(FakeHost host, java.util.Map<String, String> environment, String... extra) {
        List<String> args = new ArrayList<>(List.of("--socket", host.socket().toString(),
                "--state-dir", host.stateDirectory().toString(), "--run-dir", host.runDirectory().toString()));
        args.addAll(List.of(extra));
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + host.ns().ns().path(), LAUNCHER.toString()));
        command.addAll(args);
        return startCommand(host, command, environment);
    }

    /** Starts jnetd inside the host's namespace with exactly {@code args}. */
    public static JnetdProcess startWith(FakeHost host, List<String> args) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + host.ns().ns().path(), LAUNCHER.toString()));
        command.addAll(args);
        return startCommand(host, command);
    }

    /**
     * Starts {@code command}, which ends in exec'ing the launcher inside the host's namespace (with mounts of a
     * runtime under test's, say), so that the process's pid is jnetd's.
     */
    public static JnetdProcess startCommand(FakeHost host, List<String> command) {
        return startCommand(host, command, java.util.Map.of());
    }

    /** {@link #startCommand(FakeHost, List)} with {@code environment} added to this process's. */
    public static JnetdProcess startCommand(FakeHost host, List<String> command, java.util.Map<String, String> environment) {
        Path log = host.directory().resolve("jnetd-" + COUNTER.incrementAndGet() + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new JnetdProcess(host, process, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    /** Waits for "jnetd ready on SOCKET"; fails with the log if jnetd ends or takes too long. */
    public JnetdProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String ready = "jnetd ready on " + host.socket();
        while (System.nanoTime() < deadline) {
            if (log().contains(ready)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("jnetd exited " + process.exitValue() + " before it was ready:\n" + log());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("jnetd was not ready within " + timeout + ":\n" + log());
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: a crash, as far as jnetd can tell. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to end; its exit status. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("jnetd did not end within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Kills jnetd if it still runs and waits for it, so that the fake host can be cleaned up. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
