package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Debian's podman 4.3 (with conmon and runc) set up for one side of the podman benchmark, in a throwaway
 * fake host and a private mount namespace of its own ({@link PrivateMounts}: {@code /run} and
 * {@code /var/lib} fresh tmpfs, a directory of the benchmark's bound over {@code /etc/containers}), so that
 * podman reads and writes nothing of the machine's: its configuration, networks, vfs storage and temporary
 * files live in the benchmark's directory, its run state in the private {@code /run}. Each podman command
 * enters both namespaces by the pid of the process that holds them
 * ({@code nsenter --target PID --mount --net podman ...}):
 * <ul>
 *   <li>{@link Backend#JNET}: jnetd itself, as in the tests' RealPodman: {@code network_backend = "cni"},
 *   a conflist of type {@code jnet} and jnet's plugin ({@code contrib/jnet-cni}) linked into a plugin
 *   directory; jnetd's socket is linked at {@code /run/jnet/jnet.sock}, where the plugin looks, since
 *   podman's cleanup runs it without the caller's environment;</li>
 *   <li>{@link Backend#NETAVARK}: a {@code sleep infinity} that only holds the namespaces;
 *   {@code network_backend = "netavark"} and a network made by {@code podman network create}, with DNS
 *   (aardvark-dns), as jnet serves names too. netavark runs iptables: only ever in this fake host.</li>
 * </ul>
 * The containers' cgroups go under a name of the run ({@code --cgroup-parent}). {@link #close()} removes
 * the containers, stops the holder by its pid, kills by pid whatever is left in the mount namespace
 * (conmon, aardvark-dns) or in those cgroups, and removes the cgroup directories.
 */
final class PodmanUnderTest implements AutoCloseable {
    static final Path PODMAN = Path.of("/usr/bin/podman");
    static final Path NETAVARK = Path.of("/usr/lib/podman/netavark");
    static final Path AARDVARK = Path.of("/usr/lib/podman/aardvark-dns");
    private static final Path ETC_CONTAINERS = Path.of("/etc/containers");
    /** {@code sh -c LINK_SOCKET SOCKET COMMAND...}: jnetd's socket where the plugin looks by default. */
    private static final String LINK_SOCKET = "mkdir -p /run/jnet && ln -s \"$0\" /run/jnet/jnet.sock && exec \"$@\"";
    private static final Duration HOLDER_TIMEOUT = Duration.ofSeconds(10);

    /** Who makes the containers' network. */
    enum Backend {
        JNET, NETAVARK;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** containers.conf's {@code network_backend}. */
        String networkBackend() {
            return this == JNET ? "cni" : "netavark";
        }
    }

    private final Backend backend;
    private final BenchmarkFrame frame;
    private final Path dir;
    private final String network;
    private final String cgroupParent;
    private JnetdUnderTest jnetd;
    private Process holder;
    private NetNs holderHost;
    private String mountNamespace;
    private Set<Long> settled = Set.of();
    private boolean closed;

    private PodmanUnderTest(Backend backend, BenchmarkFrame frame, String network) {
        this.backend = backend;
        this.frame = frame;
        this.dir = frame.namespaces().directory("podman-" + backend.label());
        this.network = network;
        this.cgroupParent = "jnet-bench-" + ProcessHandle.current().pid() + "-podman" + backend.label();
        frame.closeAtEnd(this); // also when the benchmark is interrupted
    }

    /**
     * A jnetd in a fake host with the private mounts, and podman beside it; {@code network} made in jnetd
     * with {@code subnet} and given to podman as a conflist of type jnet.
     */
    static PodmanUnderTest withJnet(BenchmarkFrame frame, JnetdOptions options, String network, String subnet) {
        return start(new PodmanUnderTest(Backend.JNET, frame, network), podman -> {
            NetNs host = frame.namespaces().create("podman-jnet-host");
            podman.jnetd = frame.startJnetd(host, options, (jnetd, launcher) -> {
                List<String> linked = new ArrayList<>(List.of("sh", "-c", LINK_SOCKET, jnetd.socket().toString()));
                linked.addAll(launcher);
                return PrivateMounts.command(jnetd.host(), podman.keptDirectory(), podman.mounts(), linked);
            });
            podman.mountNamespace = privateMountNamespace(podman.jnetd.pid());
            try (JnetdClient api = new JnetdClient(podman.jnetd.socket())) {
                api.postOk("/v1/networks", """
                        {"name": "%s", "driver": "bridge", "ipv4": [{"subnet": "%s"}]}""".formatted(network, subnet));
            }
        });
    }

    /** podman with netavark in a fake host of its own; {@code network} made by podman, DNS enabled. */
    static PodmanUnderTest withNetavark(BenchmarkFrame frame, String network, String subnet) {
        return start(new PodmanUnderTest(Backend.NETAVARK, frame, network), podman -> {
            podman.holderHost = frame.namespaces().create("podman-netavark-host");
            podman.startHolder();
            podman.podman("network", "create", "--subnet", subnet, network);
            String dns = podman.podman("network", "inspect", "--format", "{{.DNSEnabled}}", network).strip();
            if (!dns.equals("true")) {
                throw new BenchmarkException("podman made " + network + " without DNS (DNSEnabled: " + dns + ")");
            }
        });
    }

    /** Writes the side's configuration and runs {@code steps}; on a failure, removes what they made. */
    private static PodmanUnderTest start(PodmanUnderTest podman, Consumer<PodmanUnderTest> steps) {
        try {
            PodmanConfig.write(podman.dir, podman.backend, podman.network);
            steps.accept(podman);
            return podman;
        } catch (RuntimeException e) {
            podman.close();
            throw e;
        }
    }

    /** The benchmark's directory (all of {@code /run/jnet-bench-PID}), seen the same inside. */
    private Path keptDirectory() {
        return dir.getParent();
    }

    private List<PrivateMounts.Mount> mounts() {
        return List.of(new PrivateMounts.Mount(dir.resolve("etc"), ETC_CONTAINERS));
    }

    /** The {@code sleep infinity} that holds netavark's side's namespaces; ready once sh has exec'd it. */
    private void startHolder() {
        List<String> command = PrivateMounts.command(holderHost, keptDirectory(), mounts(),
                List.of("sleep", "infinity"));
        holder = Processes.start(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("holder.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())));
        long deadline = System.nanoTime() + HOLDER_TIMEOUT.toNanos();
        while (!"sleep".equals(ProcTable.comm(holder.pid()))) {
            if (!holder.isAlive() || System.nanoTime() > deadline) {
                throw new BenchmarkException("the private mounts for podman were not made; see "
                        + dir.resolve("holder.log"));
            }
            sleep(5);
        }
        mountNamespace = privateMountNamespace(holder.pid());
    }

    /**
     * The mount namespace of {@code pid}, the one the private mounts were made in; fails if it is the
     * benchmark's own, since {@link #close()} kills what it finds in that namespace.
     */
    private static String privateMountNamespace(long pid) {
        String namespace = ProcTable.namespace(pid, "mnt");
        if (namespace == null || namespace.equals(ProcTable.namespace(ProcessHandle.current().pid(), "mnt"))) {
            throw new BenchmarkException("pid " + pid + " is not in a private mount namespace (" + namespace + ")");
        }
        return namespace;
    }

    String label() {
        return backend.label();
    }

    /** {@code podman ARGS} in the holder's namespaces; its standard output. Fails on a non-zero exit. */
    String podman(String... args) {
        List<String> command = new ArrayList<>(List.of("nsenter", "--target", Long.toString(target()), "--mount",
                "--net", PODMAN.toString()));
        command.addAll(List.of(args));
        return Processes.run(command, Map.of("TMPDIR", dir.resolve("tmp").toString()), dir.resolve("podman.err"));
    }

    /**
     * The pid whose namespaces podman enters (jnetd's or the holder's), once it is known to be in this
     * side's private mount namespace and in a network namespace other than the benchmark's: podman and
     * netavark must never run in the machine's own.
     */
    private long target() {
        long pid = backend == Backend.JNET ? jnetd.pid() : holder.pid();
        String net = ProcTable.namespace(pid, "net");
        if (mountNamespace == null || !mountNamespace.equals(ProcTable.namespace(pid, "mnt")) || net == null
                || net.equals(ProcTable.namespace(ProcessHandle.current().pid(), "net"))) {
            throw new BenchmarkException("refusing to run podman: pid " + pid + " is not in " + backend.label()
                    + "'s private namespaces");
        }
        return pid;
    }

    /**
     * {@code podman run --rm --network NET --cgroup-parent CG OPTIONS... --rootfs ROOTFS COMMAND...} with
     * this side's busybox root file system (after {@code --rootfs} the first argument is the root file
     * system, and every one after it the command's); its output.
     */
    String run(List<String> options, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", network, "--cgroup-parent", cgroupParent));
        args.addAll(options);
        args.addAll(List.of("--rootfs", PodmanConfig.rootfs(dir).toString()));
        args.addAll(List.of(command));
        return podman(args.toArray(String[]::new));
    }

    /**
     * Notes the processes of this side now (the holder, a resident container and its conmon), which
     * {@link #awaitSettled} then ignores.
     */
    void markSettled() {
        settled = Set.copyOf(processes());
    }

    /**
     * Waits until the last container's processes (its conmon, the cleanup podman that conmon starts) have
     * ended, so that they do not run into the next timing; false if they did not within {@code timeout}.
     */
    boolean awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!settled.containsAll(processes())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(2);
        }
        return true;
    }

    /** The live processes in the mount namespace and in the containers' cgroups (zombies have no namespace). */
    private Set<Long> processes() {
        Set<Long> pids = new LinkedHashSet<>(mountNamespace == null ? List.of()
                : ProcTable.inMountNamespace(mountNamespace));
        pids.addAll(CgroupDirs.processes(cgroupParent));
        return pids;
    }

    /** The sandboxes jnetd holds (jnet's side), to check that podman's DEL removed each container's. */
    int jnetSandboxes() {
        try (JnetdClient api = new JnetdClient(jnetd.socket())) {
            return api.get("/v1/sandboxes").json().size();
        }
    }

    /** Removes the containers, stops the holder, then whatever of this podman is left; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        boolean holding = backend == Backend.JNET ? jnetd != null && ProcessHandle.of(jnetd.pid()).isPresent()
                : holder != null && holder.isAlive();
        if (holding) {
            try {
                podman("rm", "-f", "-a", "-t", "0");
            } catch (BenchmarkException e) {
                problems.add("podman rm: " + e.getMessage());
            }
        }
        if (jnetd != null) {
            frame.stopJnetd(jnetd);
        }
        if (holder != null) {
            holder.destroyForcibly();
            ProcessHandle.of(holder.pid()).ifPresent(p -> p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join());
            Processes.forget(holder);
            frame.namespaces().delete(holderHost);
        }
        try { // what is left in the mount namespace (conmon, aardvark-dns) or the cgroups, by pid
            for (long pid : processes()) {
                ProcessHandle.of(pid).ifPresent(p -> {
                    problems.add("killed leftover pid " + pid + " (" + ProcTable.comm(pid) + ")");
                    p.destroyForcibly();
                    p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
                });
            }
            problems.addAll(CgroupDirs.remove(cgroupParent));
        } catch (BenchmarkException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            System.err.println("podman (" + backend.label() + ") cleanup: " + String.join("; ", problems));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while waiting for podman", e);
        }
    }
}
