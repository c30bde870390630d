package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What a connect to an overlay network costs on host 1 of a cluster beside one to a bridge network of the
 * same host: sandboxes made first (untimed), then the connects of the three kinds alternating, each timed
 * from request to answer over jnetd's socket: a bridge network, the overlay (whose first connect of a sandbox
 * also joins it to the gateway bridge) and an internal overlay (no gateway endpoint). Beside them, one etcd
 * round trip from host 1 (an HTTP range request on a kept connection). Timed twice: with the other hosts'
 * jnetds running, and with them stopped (SIGSTOP), as on machines of their own. Target: an overlay connect
 * at most 1.5 times a bridge connect plus one etcd round trip.
 */
final class ClusterConnects {
    private static final List<String> KINDS = List.of("bridge", "overlay", "internal overlay");
    private static final List<String> NETWORKS = List.of("local", ClusterBenchmark.OVERLAY, "quiet");

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
        try (JnetdClient client = new JnetdClient(host.jnetd().socket())) {
            client.postOk("/v1/networks", "{\"name\": \"local\", \"ipv4\": [{\"subnet\": \"10.80.0.0/16\"}]}");
            client.postOk("/v1/networks", "{\"name\": \"quiet\", \"driver\": \"overlay\", \"internal\": true,"
                    + " \"ipv4\": [{\"subnet\": \"10.91.0.0/16\"}]}");
            double rtt = etcdRoundTripMs(host.ns(), connects, "/v3/kv/range", "{\"key\":\"L2puZXQvdjEvaG9zdHMv\"}");
            // a write as a claim makes it (raft commit and WAL sync), of a key of the benchmark's own
            double write = etcdRoundTripMs(host.ns(), connects, "/v3/kv/put", "{\"key\":\"L2puZXQtYmVuY2gvcnR0\",\"value\":\"MQ==\"}");
            lines.add("etcd round trip from host 1: median %.2f ms (a write: %.2f ms)".formatted(rtt, write));
            lines.addAll(report(time(client, "a"), rtt, "the other hosts running"));
            List<BenchCluster.Host> others = cluster.hosts().subList(1, cluster.hosts().size());
            signal(others, "STOP");
            try {
                // a write where every jnetd watches (ips/ of a network that does not exist), as a claim is
                double watchedWrite = etcdRoundTripMs(host.ns(), connects, "/v3/kv/put",
                        "{\"key\":\"L2puZXQvdjEvaXBzL2puZXQtYmVuY2gtcnR0LzA=\",\"value\":\"MQ==\"}");
                lines.add("etcd write from host 1 under ips/, with the other hosts' jnetds stopped (their watches"
                        + " unread): median %.2f ms".formatted(watchedWrite));
                lines.addAll(report(time(client, "b"), rtt, "the other hosts' jnetds stopped (SIGSTOP), as on"
                        + " machines of their own, where their work on each change takes none of this host's CPU"));
            } finally {
                signal(others, "CONT");
            }
            client.deleteOk("/v1/networks/local");
            client.deleteOk("/v1/networks/quiet");
            // Stopped longer than their lease, the other hosts register again: wait until host 1 sees them all.
            ClusterBenchmark.awaitTrue(() -> client.get("/v1/info").json().path("cluster").path("hosts").size()
                    == cluster.hosts().size(), java.time.Duration.ofSeconds(60), "every host registered again");
        }
        lines.forEach(System.out::println);
        return lines;
    }

    /** The connects of each kind, alternating, each to a sandbox made just before (untimed); nanoseconds per kind. */
    private long[][] time(JnetdClient client, String tag) {
        long[][] nanos = new long[KINDS.size()][connects];
        Machine.awaitQuiet();
        for (int i = 0; i < connects; i++) {
            for (int k = 0; k < KINDS.size(); k++) {
                String name = tag + k + "-" + i;
                ClusterBenchmark.sandbox(client, name);
                long start = System.nanoTime();
                client.postOk("/v1/networks/" + NETWORKS.get(k) + "/connect", "{\"sandbox\": \"" + name + "\"}");
                nanos[k][i] = System.nanoTime() - start;
            }
        }
        for (int i = 0; i < connects; i++) {
            for (int k = 0; k < KINDS.size(); k++) {
                client.deleteOk("/v1/sandboxes/" + tag + k + "-" + i);
            }
        }
        return nanos;
    }

    private List<String> report(long[][] nanos, double rtt, String condition) {
        List<String> lines = new java.util.ArrayList<>();
        double[] medians = new double[KINDS.size()];
        for (int k = 0; k < KINDS.size(); k++) {
            long[] sorted = Arrays.stream(nanos[k]).sorted().toArray();
            medians[k] = AttachTiming.percentileMs(sorted, 0.5);
            lines.add("connect latency, %-16s median %6.2f ms, p99 %6.2f ms (%d connects on host 1 of %d, %s)".formatted(
                    KINDS.get(k) + ":", medians[k], AttachTiming.percentileMs(sorted, 0.99), connects, cluster.hosts().size(),
                    condition));
        }
        double limit = 1.5 * medians[0] + rtt;
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

    /** The median of {@code count} etcd requests (POST {@code path}) from {@code ns}, on one kept-alive connection. */
    private double etcdRoundTripMs(NetNs ns, int count, String path, String body) {
        try (Socket socket = frame.executor().call(ns, () -> {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(BenchCluster.UNDERLAY_ADDRESS, 2379), 2000);
            s.setTcpNoDelay(true);
            return s;
        })) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: etcd\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
            long[] nanos = new long[Math.max(count, 10)];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                out.write(request);
                out.flush();
                readAnswer(in);
                nanos[i] = System.nanoTime() - start;
            }
            return AttachTiming.percentileMs(Arrays.stream(nanos).sorted().toArray(), 0.5);
        } catch (IOException e) {
            throw new BenchmarkException("etcd round trip from host 1: " + e.getMessage(), e);
        }
    }

    /** Reads one HTTP answer, with a Content-Length or chunked. */
    private static void readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("etcd closed the connection");
            }
            head.append((char) c);
        }
        int length = 0;
        boolean chunked = false;
        for (String line : head.toString().split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        if (!chunked) {
            in.readNBytes(length);
            return;
        }
        while (true) {
            int size = Integer.parseInt(readLine(in).strip(), 16);
            in.readNBytes(size);
            readLine(in);
            if (size == 0) {
                return;
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
