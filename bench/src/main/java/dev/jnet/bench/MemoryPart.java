package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The connect benchmark's memory part: the RSS of a fresh jnetd idle, with 50 and with 1,000 endpoints
 * on one user-defined bridge network, and in the same run that of Debian's dockerd 20.10 idle and with
 * 50 running containers on a user-defined bridge network (with containerd's and the shims' beside it,
 * since dockerd needs them). Beside idle jnetd it reads the floor of its parts ({@link PartsFloor}): the
 * libraries jnetd is built on, doing the least, with the same JVM options. Each daemon runs in a fake host of its own, one after the other; every
 * reading waits until the RSS has settled ({@link ProcessMemory#settled}). The bridges' ports are counted
 * with {@code ip -j} in each fake host, so each number belongs to the workload it claims.
 */
final class MemoryPart {
    static final int FEW = 50;
    static final int MANY = 1000;
    static final double IDLE_TARGET_MIB = 64;
    static final double MANY_TARGET_MIB = 128;
    private static final String JNET_BRIDGE = "jbmem0";

    private final BenchmarkFrame frame;
    private final JnetdOptions jnetdOptions;
    private final List<String> rows = new ArrayList<>();

    private MemoryPart(BenchmarkFrame frame, JnetdOptions jnetdOptions) {
        this.frame = frame;
        this.jnetdOptions = jnetdOptions;
    }

    /** Runs the part, prints its table; returns its targets. */
    static List<Target> run(BenchmarkFrame frame, JnetdOptions jnetdOptions) {
        return new MemoryPart(frame, jnetdOptions).run();
    }

    private List<Target> run() {
        System.out.println();
        System.out.println("memory: RSS is VmRSS from /proc/PID/status, read once " + ProcessMemory.STEADY_SAMPLES
                + " samples " + ProcessMemory.SAMPLE_MS + " ms apart lie within " + ProcessMemory.TOLERANCE_KIB / 1024
                + " MiB (at most 30 s); each daemon in a fake host of its own, fresh state");
        ProcessMemory.Reading[] jnetd = measureJnetd();
        row("jnetd's parts alone", "idle (PartsFloor)", PartsFloor.measure(frame.namespaces().directory("floor")));
        ProcessMemory.Reading[] docker = measureDockerd();
        System.out.println();
        System.out.println("daemon                 workload                         RSS MiB  threads    fds");
        rows.forEach(System.out::println);
        return List.of(
                Target.atMost("jnetd RSS idle", jnetd[0].mib(), IDLE_TARGET_MIB, "MiB", 1),
                Target.atMost("jnetd RSS at %,d endpoints".formatted(MANY), jnetd[2].mib(), MANY_TARGET_MIB, "MiB", 1),
                Target.atMostMeasured("jnetd RSS at %d endpoints".formatted(FEW), jnetd[1].mib(),
                        "dockerd's with %d containers".formatted(FEW), docker[1].mib(), "MiB", 1));
    }

    /** Idle, at {@link #FEW} and at {@link #MANY} endpoints. */
    private ProcessMemory.Reading[] measureJnetd() {
        NetNs host = frame.namespaces().create("memory-jnetd-host");
        JnetdUnderTest jnetd = frame.startJnetd(host, jnetdOptions);
        try (JnetdClient client = new JnetdClient(jnetd.socket())) {
            ProcessMemory.Reading idle = row("jnetd", "idle", jnetd.settledMemory());
            client.postOk("/v1/networks", """
                    {"name": "memory", "driver": "bridge", "ipv4": [{"subnet": "10.1.0.0/16"}],
                     "options": {"com.docker.network.bridge.name": "%s"}}""".formatted(JNET_BRIDGE));
            connectUpTo(client, 0, FEW);
            requirePorts(host, JNET_BRIDGE, FEW);
            ProcessMemory.Reading few = row("jnetd", "%d endpoints, 1 network".formatted(FEW), jnetd.settledMemory());
            connectUpTo(client, FEW, MANY);
            requirePorts(host, JNET_BRIDGE, MANY);
            ProcessMemory.Reading many = row("jnetd", "%,d endpoints, 1 network".formatted(MANY), jnetd.settledMemory());
            return new ProcessMemory.Reading[] {idle, few, many};
        } finally {
            frame.stopJnetd(jnetd);
        }
    }

    /** One sandbox per endpoint, made and connected by one client, as a runtime starts containers. */
    private static void connectUpTo(JnetdClient client, int from, int to) {
        for (int i = from; i < to; i++) {
            String id = client.postOk("/v1/sandboxes", "{\"name\": \"memory-%d\"}".formatted(i)).path("id").asString();
            client.postOk("/v1/networks/memory/connect", "{\"sandbox\": \"" + id + "\"}");
        }
    }

    /** Idle and with {@link #FEW} containers. */
    private ProcessMemory.Reading[] measureDockerd() {
        NetNs host = frame.namespaces().create("dockerd-host");
        DockerdUnderTest dockerd = DockerdUnderTest.start(host, frame.namespaces().directory("dockerd"));
        frame.closeAtEnd(dockerd);
        try {
            System.out.println("dockerd: pid " + dockerd.pid() + " in fake host " + host.path() + ", private /run, "
                    + "/var/lib and /etc/docker; " + dockerd.version());
            ProcessMemory.Reading idle = row("dockerd", "idle", dockerd.dockerdMemory());
            row("  containerd", "idle (dockerd's)", dockerd.containerdMemory());
            dockerd.importBusybox();
            dockerd.createNetwork("jnet-bench");
            for (int i = 0; i < FEW; i++) {
                dockerd.runContainer("jnet-bench");
            }
            int running = dockerd.runningContainers();
            if (running != FEW) {
                throw new BenchmarkException("docker ps shows " + running + " running containers, not " + FEW);
            }
            int ports = BridgePorts.in(frame.ip(), host, frame.work().resolve("ports.err")).values().stream()
                    .mapToInt(BridgePorts.Ports::up).sum();
            if (ports != FEW) {
                throw new BenchmarkException("ip -j link in dockerd's fake host shows " + ports + " bridge ports up, not "
                        + FEW);
            }
            String workload = "%d containers, 1 network".formatted(FEW);
            ProcessMemory.Reading few = row("dockerd", workload, dockerd.dockerdMemory());
            row("  containerd", workload, dockerd.containerdMemory());
            long[] shims = dockerd.shimsRssKib();
            rows.add("%-22s %-30s %9.1f".formatted("  containerd-shim", "%d of them, summed".formatted(shims[1]),
                    shims[0] / 1024.0));
            return new ProcessMemory.Reading[] {idle, few};
        } finally {
            dockerd.close();
            frame.namespaces().delete(host);
        }
    }

    private ProcessMemory.Reading row(String daemon, String workload, ProcessMemory.Reading reading) {
        System.out.println("memory: " + daemon.strip() + ", " + workload + ": " + reading.describe());
        rows.add("%-22s %-30s %9.1f %8d %6d%s".formatted(daemon, workload, reading.mib(), reading.threads(),
                reading.fds(), reading.steady() ? "" : "  (still moving)"));
        return reading;
    }

    private void requirePorts(NetNs host, String bridge, int wanted) {
        Map<String, BridgePorts.Ports> bridges = BridgePorts.in(frame.ip(), host, frame.work().resolve("ports.err"));
        BridgePorts.Ports ports = bridges.getOrDefault(bridge, new BridgePorts.Ports(0, 0));
        if (ports.up() != wanted) {
            throw new BenchmarkException("ip -j link in jnetd's fake host shows " + ports.up() + " ports up on " + bridge
                    + ", not " + wanted);
        }
    }
}
