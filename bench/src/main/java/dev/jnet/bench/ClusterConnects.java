package dev.jnet.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What a connect to an overlay network costs on host 1 of a cluster beside one to a bridge network of the
 * same host: sandboxes made first (untimed), then the connects of the three kinds alternating, each timed
 * from request to answer over jnetd's socket: a bridge network, the overlay (whose first connect of a sandbox
 * also joins it to the gateway bridge) and an internal overlay (no gateway endpoint). In the same rotation, as
 * a fourth kind after a sandbox is made as before each connect, one etcd round trip from host 1: the request
 * an overlay connect makes, a create-if-absent transaction on a key under {@code ips/} that every jnetd
 * watches, on a kept HTTP connection (etcd's own gateway; a lighter client than jnetd's gRPC one). Timed so,
 * etcd has been as idle before it as before a connect's claim; on this VM waking idle threads is what makes a
 * write cost 1.3 ms instead of the 0.5 ms of the same writes back to back, which the run also prints, with a
 * range request's. Timed twice: with the other hosts' jnetds running, and with them stopped (SIGSTOP), as on
 * machines of their own. Target: an overlay connect at most 1.5 times a bridge connect plus one etcd round trip.
 */
final class ClusterConnects {
    private static final List<String> KINDS = List.of("bridge", "overlay", "internal overlay");
    private static final List<String> NETWORKS = List.of("local", ClusterBenchmark.OVERLAY, "quiet");
    /** Where the round trips' keys go: under ips/ of a network that does not exist (its janitor frees them). */
    private static final String RTT_KEYS = "/jnet/v1/ips/jnet-bench-rtt/";
    private int rttKeys;
    /** What the processes used in the last timed phase. */
    private String cpuLine = "";

    private final BenchmarkFrame frame;
    private final BenchCluster cluster;
    private final int connects;

    ClusterConnects(BenchmarkFrame frame, BenchCluster cluster, int connects) {
        this.frame = frame;
        this.cluster = cluster;
        this.connects = connects;
    }

    List<String> run() {
        BenchCluster.Host host = cluster.hosts().getFirst();
        List<String> lines = new java.util.ArrayList<>();
        try (JnetdClient client = new JnetdClient(host.jnetd().socket()); EtcdHttp etcd = new EtcdHttp(frame, host.ns())) {
            client.postOk("/v1/networks", "{\"name\": \"local\", \"ipv4\": [{\"subnet\": \"10.80.0.0/16\"}]}");
            client.postOk("/v1/networks", "{\"name\": \"quiet\", \"driver\": \"overlay\", \"internal\": true,"
                    + " \"ipv4\": [{\"subnet\": \"10.91.0.0/16\"}]}");
            double range = backToBackMs(() -> etcd.post("/v3/kv/range", "{\"key\":\"L2puZXQvdjEvaG9zdHMv\"}"));
            double write = backToBackMs(() -> etcd.claim(nextRttKey()));
            lines.add("etcd requests from host 1 back to back: median %.2f ms a range, %.2f ms a claim".formatted(range, write));
            time(client, etcd, "w"); // warm-up, untimed: the first phase would otherwise time a cold jnetd
            lines.addAll(report(time(client, etcd, "a"), "the other hosts running"));
            lines.add(cpuLine);
            List<BenchCluster.Host> others = cluster.hosts().subList(1, cluster.hosts().size());
            signal(others, "STOP");
            try {
                lines.addAll(report(time(client, etcd, "b"), "the other hosts' jnetds stopped (SIGSTOP), as on"
                        + " machines of their own, where their work on each change takes none of this host's CPU"));
            } finally {
                signal(others, "CONT");
            }
            etcd.deletePrefix(RTT_KEYS);
            client.deleteOk("/v1/networks/local");
            client.deleteOk("/v1/networks/quiet");
            // Stopped longer than their lease, the other hosts register again: wait until host 1 sees them all.
            ClusterBenchmark.awaitTrue(() -> client.get("/v1/info").json().path("cluster").path("hosts").size()
                    == cluster.hosts().size(), java.time.Duration.ofSeconds(60), "every host registered again");
        }
        lines.forEach(System.out::println);
        return lines;
    }

    /** A fresh key for a timed claim, named by an address as an endpoint's is. */
    private String nextRttKey() {
        int n = rttKeys++;
        return RTT_KEYS + "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** The median of as many requests as connects of a kind (at least 10), one right after the other. */
    private double backToBackMs(java.util.function.LongSupplier request) {
        long[] nanos = new long[Math.max(connects, 10)];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = request.getAsLong();
        }
        return AttachTiming.percentileMs(Arrays.stream(nanos).sorted().toArray(), 0.5);
    }

    /**
     * The connects of each kind, alternating, each to a sandbox made just before (untimed), and after them one
     * etcd claim, also after a sandbox is made; nanoseconds per kind, the claims' last.
     */
    private long[][] time(JnetdClient client, EtcdHttp etcd, String tag) {
        long[][] nanos = new long[KINDS.size() + 1][connects];
        Machine.awaitQuiet();
        List<Long> hostOne = List.of(cluster.hosts().getFirst().jnetd().pid());
        List<Long> others = cluster.hosts().stream().skip(1).map(h -> h.jnetd().pid()).toList();
        List<Long> store = List.of(cluster.etcdPid());
        double[] before = {ProcessCpu.usedMs(hostOne), ProcessCpu.usedMs(others), ProcessCpu.usedMs(store)};
        for (int i = 0; i < connects; i++) {
            for (int k = 0; k <= KINDS.size(); k++) {
                String name = tag + k + "-" + i;
                ClusterBenchmark.sandbox(client, name);
                if (k == KINDS.size()) {
                    nanos[k][i] = etcd.claim(nextRttKey());
                    continue;
                }
                long start = System.nanoTime();
                client.postOk("/v1/networks/" + NETWORKS.get(k) + "/connect", "{\"sandbox\": \"" + name + "\"}");
                nanos[k][i] = System.nanoTime() - start;
            }
        }
        cpuLine = ("CPU per round (a sandbox made and connected for each kind, one claim): host 1's jnetd %.1f ms, the"
                + " other %d jnetds %.1f ms, etcd %.1f ms").formatted((ProcessCpu.usedMs(hostOne) - before[0]) / connects,
                others.size(), (ProcessCpu.usedMs(others) - before[1]) / connects, (ProcessCpu.usedMs(store) - before[2]) / connects);
        for (int i = 0; i < connects; i++) {
            for (int k = 0; k <= KINDS.size(); k++) {
                client.deleteOk("/v1/sandboxes/" + tag + k + "-" + i);
            }
        }
        return nanos;
    }

    private List<String> report(long[][] nanos, String condition) {
        List<String> lines = new java.util.ArrayList<>();
        double[] medians = new double[nanos.length];
        for (int k = 0; k < nanos.length; k++) {
            long[] sorted = Arrays.stream(nanos[k]).sorted().toArray();
            medians[k] = AttachTiming.percentileMs(sorted, 0.5);
            String kind = k < KINDS.size() ? "connect latency, " + KINDS.get(k) + ":" : "etcd round trip (a claim):";
            lines.add("%-34s median %6.2f ms, p99 %6.2f ms (%d on host 1 of %d, %s)".formatted(kind, medians[k],
                    AttachTiming.percentileMs(sorted, 0.99), connects, cluster.hosts().size(), condition));
        }
        double limit = 1.5 * medians[0] + medians[KINDS.size()];
        lines.add(("    target overlay <= 1.5 x bridge + one etcd round trip = %.2f ms: overlay %.2f ms %s, internal overlay"
                + " %.2f ms %s").formatted(limit, medians[1], medians[1] <= limit ? "met" : "MISSED", medians[2],
                medians[2] <= limit ? "met" : "MISSED"));
        return lines;
    }

    private void signal(List<BenchCluster.Host> hosts, String signal) {
        for (BenchCluster.Host h : hosts) {
            Processes.run(List.of("kill", "-" + signal, Long.toString(h.jnetd().pid())), frame.work().resolve("kill.err"));
        }
    }
}
