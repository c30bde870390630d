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

/**
 * Debian's podman 4.3 with its CNI backend and jnet's CNI plugin, and the jnetd it calls, as this machine
 * allows it. podman keeps its namespace files in {@code /run/netns}, so jnetd must see its mounts: jnetd runs
 * in a fake host's network namespace and {@link PrivateMounts} (a fresh {@code /run}, the test's
 * {@code /etc/containers}), and each podman command enters both namespaces by jnetd's pid. The plugin finds
 * jnetd at its default socket, {@code /run/jnet/jnet.sock} (a link to the test's), as podman's cleanup runs
 * it without the caller's environment. podman's storage (vfs), configuration and temporary files live in the
 * test's directory; the containers' cgroups under a name of the test run, as root here cannot raise limits.
 * {@link #close} removes the containers, stops jnetd by pid and kills what is left in those cgroups.
 */
public final class RealPodman implements AutoCloseable {
    public static final Path PODMAN = Path.of("/usr/bin/podman");
    private static final Path PLUGIN = Path.of("..", "contrib", "jnet-cni").toAbsolutePath().normalize();
    /** {@code sh -c LINK SOCKET COMMAND...}: jnetd's socket where the plugin looks by default. */
    private static final String LINK_SOCKET = "mkdir -p /run/jnet && ln -s \"$0\" /run/jnet/jnet.sock && exec \"$@\"";

    private final FakeHost host;
    private final Path dir;
    private final String cgroupParent = TestCgroups.name("podman");
    private JnetdProcess jnetd;

    private RealPodman(FakeHost host) {
        this.host = host;
        this.dir = host.directory().resolve("podman");
    }

    /** Why these tests cannot run here, if they cannot. */
    public static Optional<String> missing() {
        for (Path p : List.of(PODMAN, Path.of("/usr/bin/conmon"), Path.of("/usr/sbin/runc"))) {
            if (!Files.isExecutable(p)) {
                return Optional.of(p + " is missing: install Debian's podman and runc");
            }
        }
        return Files.isExecutable(BusyboxRootfs.BUSYBOX) ? Optional.empty() : Optional.of(BusyboxRootfs.BUSYBOX + " is missing: install busybox-static");
    }

    /** Writes podman's configuration and starts jnetd beside it, on the host's directories. */
    public static RealPodman start(FakeHost host) throws InterruptedException {
        RealPodman podman = new RealPodman(host);
        try {
            podman.configure();
            List<String> jnetd = new ArrayList<>(List.of("sh", "-c", LINK_SOCKET, host.socket().toString(),
                    JnetdProcess.LAUNCHER.toString(), "--socket", host.socket().toString(), "--state-dir",
                    host.stateDirectory().toString(), "--run-dir", host.runDirectory().toString()));
            podman.jnetd = JnetdProcess.startCommand(host, PrivateMounts.command(host.ns(), host.directory(),
                    List.of(PrivateMounts.Mount.bind(podman.dir.resolve("etc"), "/etc/containers")), jnetd));
            podman.jnetd.awaitReady(Duration.ofMinutes(2));
            return podman;
        } catch (IOException e) {
            podman.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            podman.close();
            throw e;
        }
    }

    private void configure() throws IOException {
        for (String d : List.of("etc", "cni", "plugins", "storage", "tmp")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.createSymbolicLink(dir.resolve("plugins/jnet"), PLUGIN);
        Files.writeString(dir.resolve("etc/containers.conf"), """
                [containers]
                default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
                [engine]
                cgroup_manager = "cgroupfs"
                events_logger = "file"
                runtime = "runc"
                image_copy_tmp_dir = "%1$s/tmp"
                [network]
                network_backend = "cni"
                cni_plugin_dirs = ["%1$s/plugins", "/usr/lib/cni"]
                network_config_dir = "%1$s/cni"
                """.formatted(dir));
        Files.writeString(dir.resolve("etc/storage.conf"), """
                [storage]
                driver = "vfs"
                graphroot = "%1$s/storage"
                runroot = "/run/containers/storage"
                """.formatted(dir));
        Files.writeString(dir.resolve("etc/policy.json"), "{\"default\": [{\"type\": \"insecureAcceptAnything\"}]}\n");
    }

    /** The jnetd podman's containers use. */
    public JnetdProcess jnetd() {
        return jnetd;
    }

    /** A CNI network {@code name} for podman: a conflist of one plugin, type jnet, joining jnet's network {@code name}. */
    public void addNetwork(String name) throws IOException {
        Files.writeString(dir.resolve("cni/" + name + ".conflist"), """
                {"cniVersion": "1.0.0", "name": "%s", "plugins": [{"type": "jnet",
                  "capabilities": {"portMappings": true, "aliases": true, "ips": true, "mac": true}}]}
                """.formatted(name));
    }

    /** {@code podman args...} in jnetd's network and mount namespaces. */
    public Command.Result podman(String... args) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--target", Long.toString(jnetd.pid()), "--mount", "--net",
                PODMAN.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("TMPDIR", dir.resolve("tmp").toString());
        return Command.run(builder);
    }

    /** {@link #podman} that fails the test unless podman exits 0; what it printed. */
    public String check(String... args) {
        Command.Result r = podman(args);
        if (r.exitCode() != 0) {
            throw new AssertionError("podman " + String.join(" ", args) + " failed: " + r + "\njnetd's log: " + tail(jnetd.log()));
        }
        return r.stdout();
    }

    /** {@code podman run ARGS} with the test run's cgroup parent. */
    public String run(String... args) {
        List<String> command = new ArrayList<>(List.of("run", "--cgroup-parent", cgroupParent));
        command.addAll(List.of(args));
        return check(command.toArray(String[]::new));
    }

    /**
     * The busybox root file system ({@link BusyboxRootfs}) for {@code podman run --rootfs}: an image import
     * would write podman's blob cache into the machine's {@code /var/lib/containers}.
     */
    public String rootfs() throws IOException {
        Path rootfs = dir.resolve("rootfs");
        if (!Files.exists(rootfs)) {
            BusyboxRootfs.make(rootfs);
        }
        return rootfs.toString();
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    @Override
    public void close() {
        try {
            if (jnetd != null && jnetd.isAlive()) {
                podman("rm", "-f", "-a", "-t", "0");
                jnetd.terminate();
                jnetd.waitFor(Duration.ofSeconds(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (jnetd != null) {
                jnetd.close();
            }
            TestCgroups.clean(cgroupParent);
        }
    }
}
