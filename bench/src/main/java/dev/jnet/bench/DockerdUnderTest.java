package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Debian's dockerd 20.10 (with the containerd it starts, and runc), run as the machine allows, for its
 * memory beside jnetd's: inside a throwaway fake host's network namespace and a private mount namespace
 * ({@link PrivateMounts}: {@code /run} and {@code /var/lib} fresh tmpfs, {@code /etc/docker} a directory of
 * the benchmark's), so that nothing of the machine's own {@code /var/lib/docker}, {@code /run/docker},
 * {@code /run/containerd} or {@code /etc/docker} is read or written. Its state lives in {@code DIR}
 * ({@code --data-root}, {@code --exec-root}, {@code --pidfile}, the socket). {@code --oom-score-adjust 0}
 * since root here lacks CAP_SYS_RESOURCE, and a relative {@code --cgroup-parent} so the containers' cgroups
 * sit below the daemon's own, under a name of this run. {@link #close()} removes the containers, stops
 * dockerd by its pid, then kills by pid whatever of it is left (containerd, shims, container processes) and
 * removes the cgroup directories; the mount namespace goes with the last of those processes.
 */
final class DockerdUnderTest implements AutoCloseable {
    static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    static final Path DOCKER = Path.of("/usr/bin/docker");
    static final Path ETC_DOCKER = Path.of("/etc/docker");
    static final String IMAGE = "jnet-bench-busybox:1";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final NetNs host;
    private final Path dir;
    private final String cgroupParent;
    private final List<String> containers = new ArrayList<>();
    private final Set<Long> helpers = new LinkedHashSet<>();
    private Process process;
    private String network;
    private boolean closed;

    private DockerdUnderTest(NetNs host, Path dir) {
        this.host = host;
        this.dir = dir;
        this.cgroupParent = "jnet-bench-" + ProcessHandle.current().pid() + "-docker";
    }

    /** Starts dockerd in {@code host} with its state in the fresh directory {@code dir}; waits for {@code /_ping}. */
    static DockerdUnderTest start(NetNs host, Path dir) {
        DockerdUnderTest dockerd = new DockerdUnderTest(host, dir);
        try {
            dockerd.launch();
        } catch (RuntimeException e) {
            dockerd.close();
            throw e;
        }
        return dockerd;
    }

    /** What dockerd needs, for the check before a benchmark starts; empty when all is there. */
    static List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(DOCKERD, DOCKER, Path.of("/usr/bin/containerd"), Path.of("/usr/sbin/runc"))) {
            if (!Files.isExecutable(p)) {
                missing.add(p + " (Debian package docker.io)");
            }
        }
        if (!Files.isDirectory(ETC_DOCKER)) {
            missing.add(ETC_DOCKER + " (Debian package docker.io)");
        }
        if (!Files.isExecutable(BusyboxRootfs.BUSYBOX)) {
            missing.add(BusyboxRootfs.BUSYBOX + " (Debian package busybox-static)");
        }
        if (Files.notExists(Path.of("/usr/sbin/iptables"))) {
            missing.add("/usr/sbin/iptables, which dockerd runs (Debian package iptables)");
        }
        return missing;
    }

    private void launch() {
        try {
            Files.createDirectories(dir.resolve("etc"));
            Files.createDirectories(dir.resolve("client"));
        } catch (IOException e) {
            throw new BenchmarkException("prepare " + dir + ": " + e.getMessage(), e);
        }
        List<String> command = PrivateMounts.command(host, dir,
                List.of(new PrivateMounts.Mount(dir.resolve("etc"), ETC_DOCKER)), List.of(DOCKERD.toString(),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(), "-H", "unix://" + socket(),
                "--oom-score-adjust", "0", "--cgroup-parent", cgroupParent));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log().toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        process = Processes.start(builder); // nsenter, unshare and sh exec, so this pid is dockerd's
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new BenchmarkException("dockerd exited with " + process.exitValue() + " before it was ready: "
                        + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new BenchmarkException("dockerd did not answer /_ping within " + READY_TIMEOUT + ": " + logTail());
            }
            sleep(50);
        }
        ProcessMemory.read(process.pid(), "dockerd"); // fails if the pid is not dockerd's
    }

    private Path socket() {
        return dir.resolve("docker.sock");
    }

    private Path log() {
        return dir.resolve("dockerd.log");
    }

    private boolean answersPing() {
        if (!Files.exists(socket())) {
            return false;
        }
        try (JnetdClient client = new JnetdClient(socket())) {
            return client.get("/_ping").status() == 200;
        } catch (BenchmarkException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    /** {@code docker version}'s server and containerd versions, from the daemon itself. */
    String version() {
        return docker("version", "--format", "dockerd {{.Server.Version}}, containerd "
                + "{{range .Server.Components}}{{if eq .Name \"containerd\"}}{{.Version}}{{end}}{{end}}").strip();
    }

    /** Makes the busybox image from Debian's static busybox: a root file system of one binary, imported. */
    void importBusybox() {
        Path rootfs = BusyboxRootfs.make(dir.resolve("rootfs"), List.of("sh", "sleep"));
        Path tar = dir.resolve("busybox.tar");
        Processes.run(List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."), dir.resolve("tar.err"));
        docker("import", tar.toString(), IMAGE);
    }

    /** A user-defined bridge network, as {@code docker network create NAME}. */
    void createNetwork(String name) {
        docker("network", "create", "--driver", "bridge", name);
        network = name;
    }

    /** {@code docker run -d --network NET busybox sleep 3600}; no {@code -t}: runc here has no terminal. */
    void runContainer(String network) {
        String id = docker("run", "-d", "--network", network, IMAGE, "sleep", "3600").strip();
        if (!id.matches("[0-9a-f]{64}")) {
            throw new BenchmarkException("docker run printed '" + id + "', not a container id");
        }
        containers.add(id);
    }

    /** How many containers dockerd says are running. */
    int runningContainers() {
        return (int) docker("ps", "-q").lines().filter(l -> !l.isBlank()).count();
    }

    /** dockerd's memory, settled. */
    ProcessMemory.Reading dockerdMemory() {
        return ProcessMemory.settled(process.pid(), "dockerd");
    }

    /** The memory of the containerd dockerd started (its child). */
    ProcessMemory.Reading containerdMemory() {
        long pid = ProcTable.children(process.pid()).stream().filter(p -> "containerd".equals(ProcTable.comm(p)))
                .findFirst().orElseThrow(() -> new BenchmarkException("dockerd (pid " + process.pid()
                        + ") has no containerd child"));
        helpers.add(pid);
        return ProcessMemory.settled(pid, "containerd");
    }

    /** The RSS of every containerd-shim of this dockerd, in KiB, summed; and how many there are. */
    long[] shimsRssKib() {
        List<Long> shims = shims();
        helpers.addAll(shims);
        long total = 0;
        for (long pid : shims) {
            total += ProcessMemory.read(pid, "containerd-shim").rssKib();
        }
        return new long[] {total, shims.size()};
    }

    /** Shims leave dockerd's process tree; they are ours when they talk to our containerd's socket. */
    private List<Long> shims() {
        String address = dir.resolve("exec").resolve("containerd").resolve("containerd.sock").toString();
        return ProcTable.withArgument(address).stream().filter(p -> "containerd-shim".equals(ProcTable.comm(p))).toList();
    }

    private String docker(String... args) {
        List<String> command = new ArrayList<>(List.of(DOCKER.toString(), "-H", "unix://" + socket()));
        command.addAll(List.of(args));
        return Processes.run(command, Map.of("DOCKER_CONFIG", dir.resolve("client").toString()),
                dir.resolve("docker.err"));
    }

    private String logTail() {
        try {
            String text = Files.exists(log()) ? Files.readString(log()).strip() : "";
            return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
        } catch (IOException e) {
            return "(cannot read " + log() + ": " + e.getMessage() + ")";
        }
    }

    /** Removes the containers and the network, stops dockerd, then whatever of it is left; idempotent. */
    @Override
    public synchronized void close() {
        if (closed || process == null) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        if (process.isAlive()) {
            try {
                if (!containers.isEmpty()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(containers);
                    docker(rm.toArray(String[]::new));
                }
                if (network != null) {
                    docker("network", "rm", network);
                }
            } catch (BenchmarkException e) {
                problems.add("remove the containers: " + e.getMessage());
            }
            helpers.addAll(shims());
            stopDockerd(problems);
        }
        helpers.addAll(shims());
        killLeftovers(problems);
        Processes.forget(process);
        if (!problems.isEmpty()) {
            System.err.println("dockerd cleanup: " + String.join("; ", problems));
        }
    }

    private void stopDockerd(List<String> problems) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                problems.add("dockerd did not stop within " + STOP_TIMEOUT + " of SIGTERM; killed it");
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** containerd, shims and container processes still alive, by pid; then the run's cgroup directories. */
    private void killLeftovers(List<String> problems) {
        Set<Long> left = new LinkedHashSet<>(helpers);
        try {
            left.addAll(CgroupDirs.processes(cgroupParent));
        } catch (BenchmarkException e) {
            problems.add(e.getMessage());
        }
        for (long pid : left) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                problems.add("killed leftover pid " + pid);
            });
        }
        for (long pid : left) {
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join());
        }
        try {
            problems.addAll(CgroupDirs.remove(cgroupParent));
        } catch (BenchmarkException e) {
            problems.add(e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for dockerd", e);
        }
    }
}
