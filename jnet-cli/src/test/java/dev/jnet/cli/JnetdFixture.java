package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetnsManager;
import dev.jnet.kernel.testing.ThrowawayNs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real jnetd for end-to-end tests, started through bin/jnetd inside a throwaway "host" namespace
 * ({@code nsenter --net=HOST}) with its socket, state and run directories in a test directory, and the
 * real launcher bin/jnet to talk to it. {@link #close} removes what the test left, stops this jnetd (only
 * the process it started) and unmounts its namespace directory.
 */
final class JnetdFixture implements AutoCloseable {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JNET = ROOT.resolve("bin/jnet");
    static final Path JNETD = ROOT.resolve("bin/jnetd");

    /** What a jnet process printed and how it ended. */
    record Run(int exitCode, String out, String err) {}

    final Path socket;
    final Path runDir;
    final Path stateDir;
    private final Path log;
    private final Process daemon;

    private JnetdFixture(Path dir, ThrowawayNs host) throws IOException {
        this.socket = dir.resolve("jnet.sock");
        this.runDir = dir.resolve("run");
        this.stateDir = dir.resolve("state");
        this.log = dir.resolve("jnetd.log");
        this.daemon = new ProcessBuilder("nsenter", "--net=" + host.ns().path(), JNETD.toString(),
                "--socket", socket.toString(), "--state-dir", stateDir.toString(), "--run-dir", runDir.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Starts jnetd and waits until it answers (the launcher may build first). */
    static JnetdFixture start(Path dir, ThrowawayNs host) throws IOException, InterruptedException {
        JnetdFixture fixture = new JnetdFixture(dir, host);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            try {
                JnetClient.at(fixture.socket).ping();
                return fixture;
            } catch (JnetException notYet) {
                if (!fixture.daemon.isAlive() || System.nanoTime() > deadline) {
                    fixture.close();
                    throw new AssertionError("jnetd did not come up: " + Files.readString(fixture.log));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Runs {@code bin/jnet --socket SOCKET args...} to its end, with no terminal on standard input. */
    Run jnet(String... args) throws IOException, InterruptedException {
        Process p = launch(args);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jnet " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    /** Runs {@code bin/jnet --socket SOCKET args...} with {@code input} on standard input (a pipe). */
    Run jnetWithInput(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JNET.toString(), "--socket", socket.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jnet " + String.join(" ", args) + " did not finish within 120 s");
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    /** Starts {@code bin/jnet --socket SOCKET args...} and leaves it running. */
    Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JNET.toString(), "--socket", socket.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** Like {@link #jnet}, failing the test unless jnet exits 0. */
    String ok(String... args) throws IOException, InterruptedException {
        Run run = jnet(args);
        if (run.exitCode() != 0) {
            throw new AssertionError("jnet " + String.join(" ", args) + " exited " + run.exitCode() + ": " + run.err());
        }
        return run.out();
    }

    /** jnetd's exit status once it has ended within {@code seconds}, else empty. */
    java.util.OptionalInt exitWithin(int seconds) throws InterruptedException {
        return daemon.waitFor(seconds, TimeUnit.SECONDS) ? java.util.OptionalInt.of(daemon.exitValue())
                : java.util.OptionalInt.empty();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    JnetClient client() {
        return JnetClient.at(socket);
    }

    static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            if (daemon.isAlive()) {
                JnetClient client = client();
                client.sandboxes().forEach(s -> client.removeSandbox(s.path("id").asString()));
                client.pruneNetworks(java.util.Map.of());
            }
        } catch (JnetException ignored) {
            // the daemon is gone or broken: what it left is removed below with the namespace
        } finally {
            daemon.destroy();
            try {
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            NetnsManager namespaces = new NetnsManager(runDir.resolve("netns"));
            namespaces.list().forEach(namespaces::delete);
            namespaces.releaseDirectory();
        }
    }
}
