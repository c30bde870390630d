package dev.jnet.daemon.testing;

import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.ThrowawayNs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's dockerd 20.10 (with the containerd it starts, and runc) for the plugin tests, as this machine
 * allows it: in a fake host's network namespace and {@link PrivateMounts} (a fresh {@code /run}, the test's
 * {@code /etc/docker}), so that nothing of the machine's own Docker state is read or written. Its state, socket and plugin spec files live in the test's directory;
 * {@code --oom-score-adjust 0} and a relative {@code --cgroup-parent}, as root here cannot raise limits;
 * {@code --iptables=false --bridge=none}: jnet is its network. {@link #close} removes the containers, stops
 * dockerd by pid, kills by pid what is left in its cgroups and removes those cgroups.
 */
public final class RealDockerd implements AutoCloseable {
    public static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    public static final String IMAGE = "jnet-test-busybox:1";
    private static final Duration READY = Duration.ofMinutes(2);

    private final Path dir;
    private final String cgroupParent = TestCgroups.name("docker");
    private Process process;

    private RealDockerd(Path dir) {
        this.dir = dir;
    }

    /** Why these tests cannot run here, if they cannot. */
    public static Optional<String> missing() {
        for (Path p : List.of(DOCKERD, Path.of("/usr/bin/docker"), Path.of("/usr/bin/containerd"), Path.of("/usr/sbin/runc"))) {
            if (!Files.isExecutable(p)) {
                return Optional.of(p + " is missing: install Debian's docker.io");
            }
        }
        return Files.isExecutable(BusyboxRootfs.BUSYBOX) ? Optional.empty() : Optional.of(BusyboxRootfs.BUSYBOX + " is missing: install busybox-static");
    }

    /**
     * Starts dockerd in {@code host} with its state in {@code dir}; {@code plugins} are spec files it finds
     * plugins by ({@code NAME.spec} holding {@code unix://SOCKET}).
     */
    public static RealDockerd start(ThrowawayNs host, Path dir, java.util.Map<String, Path> plugins) {
        RealDockerd dockerd = new RealDockerd(dir);
        try {
            Files.createDirectories(dir.resolve("etc/plugins"));
            for (var plugin : plugins.entrySet()) {
                Files.writeString(dir.resolve("etc/plugins/" + plugin.getKey() + ".spec"), "unix://" + plugin.getValue() + "\n");
            }
            dockerd.launch(host);
            return dockerd;
        } catch (IOException e) {
            dockerd.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            dockerd.close();
            throw e;
        }
    }

    private void launch(ThrowawayNs host) throws IOException {
        List<String> command = PrivateMounts.command(host, dir, List.of(PrivateMounts.Mount.bind(dir.resolve("etc"), "/etc/docker")),
                List.of(DOCKERD.toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(), "-H", "unix://" + socket(),
                "--oom-score-adjust", "0", "--cgroup-parent", cgroupParent, "--iptables=false", "--bridge=none"));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!Files.exists(socket()) || docker("version").exitCode() != 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("dockerd did not become ready: " + log());
            }
            sleep(100);
        }
    }

    public Path socket() {
        return dir.resolve("docker.sock");
    }

    /** What dockerd logged so far (the end of it). */
    public String log() {
        try {
            String text = Files.readString(dir.resolve("dockerd.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** {@code docker -H unix://SOCKET args...} with a client configuration of the test's own. */
    public Command.Result docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "-H", "unix://" + socket()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DOCKER_CONFIG", dir.resolve("client").toString());
        return Command.run(builder);
    }

    /** {@link #docker} that fails the test unless docker exits 0; what it printed. */
    public String check(String... args) {
        Command.Result r = docker(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " failed: " + r + "\ndockerd's log: " + log());
        }
        return r.stdout();
    }

    /** The busybox image ({@link BusyboxRootfs}), imported. */
    public void importBusybox() throws IOException {
        Path rootfs = BusyboxRootfs.make(dir.resolve("rootfs"));
        Path tar = dir.resolve("busybox.tar");
        Command.run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".")).orFail(List.of("tar"));
        check("import", tar.toString(), IMAGE);
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            String ids = docker("ps", "-aq").stdout().strip();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(ids.lines().toList());
                docker(rm.toArray(String[]::new));
            }
            stop();
        }
        TestCgroups.clean(cgroupParent);
    }

    /** SIGTERM to dockerd (which stops its containers first), then SIGKILL if it takes over 30 s. */
    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops dockerd (its containers stop with it) and starts it again on the same state, in a new private
     * mount namespace: containers with a restart policy come back.
     */
    public void restart(ThrowawayNs host) throws IOException {
        stop();
        launch(host);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
