package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.json.JsonMapper;

import java.io.File;
import java.util.List;

/**
 * TCP throughput with iperf3 (one stream) between two sandboxes: over jnet's overlay from host 1 to host 2,
 * over a bridge network of host 1, and over two VXLANs made by hand with {@code ip} between namespaces on
 * the same underlay: the device in each namespace itself (same MTU 1450, no bridge or veth: the least a VXLAN
 * path can be), and Docker's layout (a bridge with the VXLAN device and a veth to the sandbox's namespace,
 * the path the issue asks jnet's overlay to have); three runs of each, alternating; the medians. Target: the
 * overlay at least 90% of the hand-made VXLAN.
 */
final class ClusterThroughput {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double TARGET = 0.90;
    private static final int ROUNDS = 3;

    private final BenchmarkFrame frame;
    private final BenchCluster cluster;
    private final int seconds;
    private final List<NetNs> madeByHand = new java.util.ArrayList<>();

    ClusterThroughput(BenchmarkFrame frame, BenchCluster cluster, int seconds) {
        this.frame = frame;
        this.cluster = cluster;
        this.seconds = seconds;
    }

    List<String> run() {
        List<BenchCluster.Host> hosts = cluster.hosts();
        double[][] bits = new double[4][ROUNDS];
        try (JnetdClient one = new JnetdClient(hosts.get(0).jnetd().socket());
             JnetdClient two = new JnetdClient(hosts.get(1).jnetd().socket())) {
            NetNs t1 = joined(one, "t1", ClusterBenchmark.OVERLAY);
            NetNs t2 = joined(two, "t2", ClusterBenchmark.OVERLAY);
            String overlayServer = address(two, "t2", ClusterBenchmark.OVERLAY);
            one.postOk("/v1/networks", "{\"name\": \"wide\", \"ipv4\": [{\"subnet\": \"10.81.0.0/16\"}]}");
            NetNs u1 = joined(one, "u1", "wide");
            NetNs u2 = joined(one, "u2", "wide");
            String bridgeServer = address(one, "u2", "wide");
            NetNs vx1 = handMade(201, 202, "10.199.0.1/24");
            NetNs vx2 = handMade(202, 201, "10.199.0.2/24");
            NetNs box1 = handMadeDockerLayout(203, 204, "10.198.0.1/24");
            NetNs box2 = handMadeDockerLayout(204, 203, "10.198.0.2/24");
            for (int round = 0; round < ROUNDS; round++) { // alternating, so that a drift of the machine hits all three
                bits[0][round] = iperf(t1, t2, overlayServer);
                bits[1][round] = iperf(u1, u2, bridgeServer);
                bits[2][round] = iperf(vx1, vx2, "10.199.0.2");
                bits[3][round] = iperf(box1, box2, "10.198.0.2");
            }
            frame.namespaces().delete(vx1);
            frame.namespaces().delete(vx2);
            for (NetNs ns : madeByHand) {
                frame.namespaces().delete(ns);
            }
            for (String name : List.of("t1", "u1", "u2")) {
                one.deleteOk("/v1/sandboxes/" + name);
            }
            two.deleteOk("/v1/sandboxes/t2");
            one.deleteOk("/v1/networks/wide");
        }
        double overlay = median(bits[0]);
        double bridge = median(bits[1]);
        double byHand = median(bits[2]);
        double dockerLayout = median(bits[3]);
        String line = ("throughput, iperf3 one TCP stream, median of %d runs of %d s: overlay host 1 -> host 2 %.2f Gbit/s,"
                + " bridge on one host %.2f Gbit/s, hand-made VXLAN %.2f Gbit/s (device in the sandbox), %.2f Gbit/s"
                + " (Docker's layout: bridge, VXLAN device, veth)").formatted(ROUNDS, seconds, overlay / 1e9, bridge / 1e9,
                byHand / 1e9, dockerLayout / 1e9);
        String verdict = ("    overlay / hand-made = %.2f against the bare device, %.2f against Docker's layout (target >= %.2f:"
                + " %s, %s)").formatted(overlay / byHand, overlay / dockerLayout, TARGET,
                overlay / byHand >= TARGET ? "met" : "MISSED", overlay / dockerLayout >= TARGET ? "met" : "MISSED");
        System.out.println(line);
        System.out.println(verdict);
        return List.of(line, verdict);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static NetNs joined(JnetdClient client, String name, String network) {
        NetNs ns = ClusterBenchmark.sandbox(client, name);
        client.postOk("/v1/networks/" + network + "/connect", "{\"sandbox\": \"" + name + "\"}");
        return ns;
    }

    /** The sandbox's IPv4 address on {@code network}. */
    private static String address(JnetdClient client, String sandbox, String network) {
        String id = client.get("/v1/networks/" + network).json().path("id").asString();
        for (var e : client.get("/v1/sandboxes/" + sandbox).json().path("endpoints")) {
            if (e.path("network").asString().equals(id)) {
                String cidr = e.path("ipv4").asString();
                return cidr.substring(0, cidr.indexOf('/'));
            }
        }
        throw new BenchmarkException("sandbox " + sandbox + " has no address on " + network);
    }

    /** A bare namespace on the underlay with a VXLAN device to the other one, as one would make it by hand. */
    private NetNs handMade(int self, int peer, String address) {
        NetNs ns = cluster.onUnderlay(self);
        cluster.run(ns, "ip link add vx0 mtu 1450 type vxlan id 99 local 192.168.77." + self + " remote 192.168.77." + peer
                + " dstport 4789 nolearning");
        cluster.run(ns, "ip addr add " + address + " dev vx0");
        cluster.run(ns, "ip link set vx0 up");
        return ns;
    }

    /**
     * Docker's overlay layout made by hand: in a namespace on the underlay, a bridge holding a VXLAN device to
     * the other one and a veth whose other end is the sandbox's {@code eth0} (in a namespace of its own).
     */
    private NetNs handMadeDockerLayout(int self, int peer, String address) {
        NetNs host = cluster.onUnderlay(self);
        madeByHand.add(host);
        NetNs box = frame.namespaces().create("box" + self);
        madeByHand.add(box);
        cluster.run(host, "ip link add br0 type bridge");
        cluster.run(host, "ip link add vx0 mtu 1450 type vxlan id 98 local 192.168.77." + self + " remote 192.168.77." + peer
                + " dstport 4789 nolearning");
        cluster.run(host, "ip link set vx0 master br0");
        cluster.run(host, "ip link add ve0 mtu 1450 type veth peer name eth0 netns " + box.path());
        cluster.run(host, "ip link set ve0 master br0");
        for (String link : List.of("br0", "vx0", "ve0")) {
            cluster.run(host, "ip link set " + link + " up");
        }
        cluster.run(box, "ip addr add " + address + " dev eth0");
        cluster.run(box, "ip link set eth0 up");
        cluster.run(box, "ip link set lo up");
        return box;
    }

    /** Bits per second an iperf3 client in {@code client} got to a server in {@code server} at {@code address}. */
    private double iperf(NetNs client, NetNs server, String address) {
        File log = frame.work().resolve("iperf3-server.log").toFile();
        Process listening = Processes.start(new ProcessBuilder(ThrowawayNamespaces.inside(server,
                List.of("iperf3", "-s", "-1", "-p", "5201"))).redirectErrorStream(true).redirectOutput(log)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))));
        try {
            ClusterBenchmark.awaitTrue(() -> {
                try {
                    return cluster.run(server, "ss -Hltn sport = :5201").contains("5201");
                } catch (BenchmarkException e) {
                    return false;
                }
            }, java.time.Duration.ofSeconds(10), "iperf3 listening");
            String json = Processes.run(ThrowawayNamespaces.inside(client, List.of("iperf3", "-c", address, "-p", "5201",
                    "-t", Integer.toString(seconds), "-J")), frame.work().resolve("iperf3.err"));
            return JSON.readTree(json).path("end").path("sum_received").path("bits_per_second").asDouble();
        } finally {
            listening.destroy();
            Processes.forget(listening);
        }
    }
}
