package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster of fake hosts for the cluster benchmark: an underlay namespace with a bridge ({@code br0},
 * 192.168.77.254) and a real etcd listening there, and hosts 192.168.77.N, each a namespace joined to the
 * bridge by a veth ({@code eth0}) and running a real jnetd with {@code --cluster-store}. Everything lives in
 * the benchmark's namespaces and directory; {@link #close} stops etcd by pid (the frame stops the jnetds).
 */
final class BenchCluster implements AutoCloseable {
    static final String UNDERLAY_ADDRESS = "192.168.77.254";
    private static final int ETCD_PORT = 2379;
    private static final Path ETCD = Path.of("/usr/bin/etcd");

    /** A host of the cluster: its namespace, its underlay address and its jnetd. */
    record Host(int number, NetNs ns, String address, JnetdUnderTest jnetd) {}

    private final BenchmarkFrame frame;
    private final NetNs underlay;
    private final Duration leaseTtl;
    private final Process etcd;
    private final Path etcdDirectory;
    private final List<Host> hosts = new ArrayList<>();

    private BenchCluster(BenchmarkFrame frame, NetNs underlay, Duration leaseTtl, Process etcd, Path etcdDirectory) {
        this.frame = frame;
        this.underlay = underlay;
        this.leaseTtl = leaseTtl;
        this.etcd = etcd;
        this.etcdDirectory = etcdDirectory;
    }

    /** etcd's process id. */
    long etcdPid() {
        return etcd.pid();
    }

    /** The underlay and its etcd, no hosts yet; {@link #close} stops etcd and removes its data. */
    static BenchCluster start(BenchmarkFrame frame, Duration leaseTtl) {
        NetNs underlay = frame.namespaces().create("underlay");
        for (String line : List.of("ip link set lo up", "ip link add br0 type bridge",
                "ip addr add " + UNDERLAY_ADDRESS + "/24 dev br0", "ip link set br0 up")) {
            run(frame, underlay, line);
        }
        Path data = frame.namespaces().directory("etcd");
        String client = "http://" + UNDERLAY_ADDRESS + ":" + ETCD_PORT;
        String peer = "http://" + UNDERLAY_ADDRESS + ":" + (ETCD_PORT + 1);
        ProcessBuilder builder = new ProcessBuilder(ThrowawayNamespaces.inside(underlay, List.of(ETCD.toString(),
                "--name", "bench", "--data-dir", data.resolve("data").toString(), "--listen-client-urls", client,
                "--advertise-client-urls", client, "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "bench=" + peer, "--auto-compaction-retention", "1")))
                .redirectErrorStream(true).redirectOutput(data.resolve("etcd.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process etcd = Processes.start(builder);
        BenchCluster cluster = new BenchCluster(frame, underlay, leaseTtl, etcd, data);
        frame.closeAtEnd(cluster);
        cluster.awaitEtcd(client);
        return cluster;
    }

    private void awaitEtcd(String client) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try {
                String health = Processes.run(ThrowawayNamespaces.inside(underlay, List.of("curl", "-s", "-m", "1",
                        client + "/health")), frame.work().resolve("curl.err"));
                if (health.contains("true")) {
                    return;
                }
            } catch (BenchmarkException e) {
                // not listening yet
            }
            sleep(100);
        }
        throw new BenchmarkException("etcd did not answer on " + client + " within 30 s");
    }

    /** Host number {@code n} (1 to 253): its namespace on the underlay and its jnetd in the cluster. */
    Host addHost(int n, JnetdOptions options) {
        NetNs ns = onUnderlay(n);
        String address = "192.168.77." + n;
        List<String> flags = List.of("--cluster-store", "etcd://" + UNDERLAY_ADDRESS + ":" + ETCD_PORT,
                "--advertise-address", address, "--cluster-lease-ttl", Long.toString(leaseTtl.toSeconds()));
        JnetdUnderTest jnetd = frame.startJnetd(ns, options, (j, launcher) -> {
            List<String> command = new ArrayList<>(launcher);
            command.addAll(flags);
            return ThrowawayNamespaces.inside(j.host(), command);
        });
        Host host = new Host(n, ns, address, jnetd);
        hosts.add(host);
        return host;
    }

    /** A namespace on the underlay as 192.168.77.{@code n} ({@code eth0}), with nothing else: no jnetd. */
    NetNs onUnderlay(int n) {
        NetNs ns = frame.namespaces().create("host" + n);
        run(underlay, "ip link add h" + n + " type veth peer name eth0 netns " + ns.path());
        run(underlay, "ip link set h" + n + " master br0 up");
        run(ns, "ip link set lo up");
        run(ns, "ip addr add 192.168.77." + n + "/24 dev eth0");
        run(ns, "ip link set eth0 up");
        return ns;
    }

    List<Host> hosts() {
        return List.copyOf(hosts);
    }

    NetNs underlay() {
        return underlay;
    }

    Duration leaseTtl() {
        return leaseTtl;
    }

    /** One command line (words split at spaces) in {@code ns}; its output. */
    String run(NetNs ns, String line) {
        return run(frame, ns, line);
    }

    private static String run(BenchmarkFrame frame, NetNs ns, String line) {
        return Processes.run(ThrowawayNamespaces.inside(ns, List.of(line.split(" "))), frame.work().resolve("command.err"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
    }

    @Override
    public void close() {
        etcd.destroy();
        try {
            if (!etcd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                etcd.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Processes.forget(etcd);
        frame.namespaces().deleteDirectory(etcdDirectory); // its data: the next cluster starts afresh
    }
}
