package dev.jnet.daemon.testing;

import dev.jnet.kernel.testing.Command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's containerd 1.6 with its {@code ctr}, whose {@code ctr run --cni} calls jnet's CNI plugin, as this
 * machine allows it: in a fake host's network namespace and {@link PrivateMounts}, where {@code /opt/cni/bin}
 * (a tmpfs over {@code /opt}) holds the plugin and {@code /etc/cni/net.d} is the test's: ctr reads CNI from
 * those fixed places. Each ctr command enters containerd's namespaces by its pid, with {@code JNET_SOCKET}
 * naming the test's jnetd, which the plugin inherits. Containers run from a busybox root file system
 * ({@code --rootfs}), their cgroups under a name of the test run. {@link #close} removes the containers,
 * stops containerd by pid, then kills by pid what is left in its mount namespace (shims) and the cgroups.
 */
public final class RealContainerd implements AutoCloseable {
    public static final Path CONTAINERD = Path.of("/usr/bin/containerd");
    public static final Path CTR = Path.of("/usr/bin/ctr");
    private static final Path PLUGIN = Path.of("..", "contrib", "jnet-cni").toAbsolutePath().normalize();
    private static final String ADDRESS = "/run/containerd/containerd.sock";

    private final FakeHost host;
    private final Path dir;
    private final String cgroupParent = TestCgroups.name("containerd");
    private final List<String> containers = new ArrayList<>();
    private Process process;
    private String mountNamespace;

    private RealContainerd(FakeHost host) {
        this.host = host;
        this.dir = host.directory().resolve("containerd");
    }

    /** Why these tests cannot run here, if they cannot. */
    public static Optional<String> missing() {
        for (Path p : List.of(CONTAINERD, CTR, Path.of("/usr/sbin/runc"))) {
            if (!Files.isExecutable(p)) {
                return Optional.of(p + " is missing: install Debian's containerd and runc");
            }
        }
        if (!Files.isDirectory(Path.of("/etc/cni/net.d"))) {
            return Optional.of("/etc/cni/net.d is missing (Debian's podman makes it): the test binds its own over it");
        }
        return Files.isExecutable(BusyboxRootfs.BUSYBOX) ? Optional.empty() : Optional.of(BusyboxRootfs.BUSYBOX + " is missing: install busybox-static");
    }

    /** Starts containerd in the host, with the CNI configuration {@code conflist} (a list of type jnet). */
    public static RealContainerd start(FakeHost host, String conflist) throws InterruptedException {
        RealContainerd containerd = new RealContainerd(host);
        try {
            containerd.launch(conflist);
            return containerd;
        } catch (IOException e) {
            containerd.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            containerd.close();
            throw e;
        }
    }

    private void launch(String conflist) throws IOException, InterruptedException {
        for (String d : List.of("cni", "plugins", "root")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.createSymbolicLink(dir.resolve("plugins/jnet"), PLUGIN);
        Files.writeString(dir.resolve("cni/10-jnet.conflist"), conflist);
        Files.writeString(dir.resolve("config.toml"), "version = 2\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n");
        BusyboxRootfs.make(dir.resolve("rootfs"));
        List<PrivateMounts.Mount> mounts = List.of(PrivateMounts.Mount.tmpfs("/opt"), PrivateMounts.Mount.mkdir("/opt/cni/bin"),
                PrivateMounts.Mount.bind(dir.resolve("plugins"), "/opt/cni/bin"),
                PrivateMounts.Mount.bind(dir.resolve("cni"), "/etc/cni/net.d"));
        List<String> command = PrivateMounts.command(host.ns(), host.directory(), mounts, List.of(CONTAINERD.toString(),
                "--config", dir.resolve("config.toml").toString(), "--root", dir.resolve("root").toString(),
                "--state", "/run/containerd", "--address", ADDRESS));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (ctr("version").exitCode() != 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("containerd did not become ready: " + log());
            }
            Thread.sleep(100);
        }
        mountNamespace = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "ns/mnt")).toString();
    }

    /** {@code ctr --address SOCKET args...} in containerd's network and mount namespaces. */
    public Command.Result ctr(String... args) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--target", Long.toString(process.pid()), "--mount",
                "--net", CTR.toString(), "--address", ADDRESS));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JNET_SOCKET", host.socket().toString());
        return Command.run(builder);
    }

    /**
     * {@code ctr run --cni [options] --rootfs BUSYBOX ID COMMAND...} with the test run's cgroup parent;
     * {@code options} end at the first that does not start with "-" (the id).
     */
    public Command.Result run(List<String> options, String id, String... command) {
        containers.add(id);
        List<String> args = new ArrayList<>(List.of("run", "--cni", "--cgroup", cgroupParent + "/" + id));
        args.addAll(options);
        args.addAll(List.of("--rootfs", dir.resolve("rootfs").toString(), id));
        args.addAll(List.of(command));
        return ctr(args.toArray(String[]::new));
    }

    /** Kills a detached container's task (SIGKILL) and waits until ctr sees it stopped. */
    public void kill(String id) throws InterruptedException {
        ctr("task", "kill", "-s", "SIGKILL", id);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ctr("task", "ls").stdout().lines().anyMatch(l -> l.startsWith(id + " ") && l.contains("STOPPED"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    public String log() {
        try {
            String text = Files.readString(dir.resolve("containerd.log"));
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            for (String id : containers) {
                ctr("task", "kill", "-s", "SIGKILL", id);
                ctr("task", "rm", "-f", id);
                ctr("container", "rm", id);
            }
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (mountNamespace != null) {
            Processes.inMountNamespace(mountNamespace).forEach(p -> {
                p.destroyForcibly();
                p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
            });
        }
        TestCgroups.clean(cgroupParent);
    }
}
