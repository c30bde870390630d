package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Multi-host overlay networking with real jnetds on fake hosts sharing a real etcd (issue 14): for each
 * cluster size, the <b>convergence</b> of a connect (from the API's answer on host A until a datagram from a
 * sandbox on host B reaches the new sandbox over VXLAN) as p50 and p99, and the time until a SIGKILLed
 * host's endpoints are gone from the others' data path; on the first size's cluster also the connect latency
 * of an overlay network beside a bridge network and one etcd round trip ({@link ClusterConnects}), and iperf3
 * throughput over the overlay, over a bridge and over a hand-made VXLAN ({@link ClusterThroughput}). Run as
 * root (bench/cluster-benchmark.sh).
 */
public final class ClusterBenchmark {
    static final String OVERLAY = "ov";
    static final String SUBNET = "10.90.0.0/16";
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(10);

    private final ClusterOptions options;
    private final BenchmarkFrame frame;
    private final List<String> summary = new ArrayList<>();

    private ClusterBenchmark(ClusterOptions options, BenchmarkFrame frame) {
        this.options = options;
        this.frame = frame;
    }

    public static void main(String[] args) {
        Optional<ClusterOptions> parsed;
        try {
            parsed = ClusterOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.print(e.getMessage() + System.lineSeparator() + ClusterOptions.USAGE);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            System.out.print(ClusterOptions.USAGE);
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("cluster benchmark: needs root to create network namespaces");
            System.exit(2);
        }
        ClusterOptions options = parsed.get();
        System.exit(BenchmarkFrame.run("cluster benchmark", () -> {
            VethBenchmark.Tools.require("etcd");
            VethBenchmark.Tools.require("iperf3");
            VethBenchmark.Tools.require("bridge");
            VethBenchmark.Tools.require("curl");
        }, frame -> new ClusterBenchmark(options, frame).run()));
    }

    private void run() {
        System.out.println(Machine.describe(frame.work()));
        System.out.println("load average at start: " + Machine.loadAverage());
        boolean first = true;
        for (int size : options.hosts()) {
            BenchCluster cluster = BenchCluster.start(frame, Duration.ofSeconds(options.leaseSeconds()));
            for (int n = 1; n <= size; n++) {
                cluster.addHost(n, options.jnetd());
            }
            List<NetNs> probers = overlayEverywhere(cluster);
            convergence(cluster, probers);
            if (first && options.connects() > 0) {
                summary.addAll(new ClusterConnects(frame, cluster, options.connects()).run());
            }
            if (first && options.iperfSeconds() > 0) {
                summary.addAll(new ClusterThroughput(frame, cluster, options.iperfSeconds()).run());
            }
            failover(cluster);
            for (BenchCluster.Host host : cluster.hosts()) {
                frame.stopJnetd(host.jnetd());
            }
            cluster.close();
            frame.namespaces().delete(cluster.underlay());
            first = false;
        }
        System.out.println();
        summary.forEach(System.out::println);
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    /** The overlay made on host 1 and seen on every host, with a prober sandbox on each; their namespaces. */
    private List<NetNs> overlayEverywhere(BenchCluster cluster) {
        List<BenchCluster.Host> hosts = cluster.hosts();
        try (JnetdClient client = new JnetdClient(hosts.getFirst().jnetd().socket())) {
            client.postOk("/v1/networks", "{\"name\": \"" + OVERLAY + "\", \"driver\": \"overlay\", \"ipv4\": [{\"subnet\": \""
                    + SUBNET + "\"}]}");
        }
        List<NetNs> probers = new ArrayList<>();
        for (BenchCluster.Host host : hosts) {
            try (JnetdClient client = new JnetdClient(host.jnetd().socket())) {
                awaitTrue(() -> client.get("/v1/networks/" + OVERLAY).status() == 200, Duration.ofSeconds(30),
                        "overlay network on host " + host.number());
                probers.add(sandbox(client, "probe"));
                client.postOk("/v1/networks/" + OVERLAY + "/connect", "{\"sandbox\": \"probe\"}");
            }
        }
        return probers;
    }

    /** A new sandbox's namespace. */
    static NetNs sandbox(JnetdClient client, String name) {
        JsonNode made = client.postOk("/v1/sandboxes", "{\"name\": \"" + name + "\"}");
        return NetNs.at(Path.of(made.path("namespace").asString()));
    }

    private void convergence(BenchCluster cluster, List<NetNs> probers) {
        List<BenchCluster.Host> hosts = cluster.hosts();
        int n = hosts.size();
        List<JnetdClient> clients = hosts.stream().map(h -> new JnetdClient(h.jnetd().socket())).toList();
        long[] nanos = new long[options.runs()];
        int early = 0;
        try {
            Machine.awaitQuiet();
            for (int i = 0; i < options.runs(); i++) {
                int a = i % n;
                int b = (a + 1 + (i / n) % (n - 1)) % n; // every other host in turn
                nanos[i] = converge(clients.get(a), probers.get(b), i);
                early += nanos[i] < 0 ? 1 : 0;
            }
        } finally {
            clients.forEach(JnetdClient::close);
        }
        long[] sorted = Arrays.stream(nanos).map(v -> Math.max(0, v)).sorted().toArray();
        String line = ("convergence, %2d hosts: %d connects, p50 %.1f ms, p99 %.1f ms, max %.1f ms (from the API's answer on"
                + " host A until a datagram from host B arrives; %d arrived before the answer, counted as 0)%s").formatted(n,
                options.runs(), AttachTiming.percentileMs(sorted, 0.5), AttachTiming.percentileMs(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6, early, n >= 10 ? "; target p99 < 100 ms at 10 hosts: "
                + (AttachTiming.percentileMs(sorted, 0.99) < 100 ? "met" : "MISSED") : "");
        System.out.println(line);
        summary.add(line);
    }

    /** One timed connect on {@code a}'s host, probed from {@code prober}: arrival minus answer, in ns. */
    private long converge(JnetdClient a, NetNs prober, int i) {
        String name = "c" + i;
        InetAddress address = address(i);
        NetNs target = sandbox(a, name);
        String ip = address.getHostAddress();
        // The prober knows the new endpoint's MAC (Docker's: 02:42 and the address), so that only the data path
        // (the FDB row on B, the sandbox on A) decides when the first datagram gets through, not ARP's retries.
        frameRun(prober, "ip neigh replace " + ip + " lladdr " + mac(address) + " dev eth0 nud permanent");
        try (UdpProbe probe = UdpProbe.open(frame.executor(), target, prober, address)) {
            probe.startSending();
            a.postOk("/v1/networks/" + OVERLAY + "/connect", "{\"sandbox\": \"" + name + "\", \"ipv4\": \"" + ip + "\"}");
            long answered = System.nanoTime();
            return probe.firstArrival(ARRIVAL_TIMEOUT) - answered;
        } finally {
            frameRun(prober, "ip neigh del " + ip + " dev eth0");
            a.deleteOk("/v1/sandboxes/" + name);
        }
    }

    /** SIGKILL of the last host's jnetd; how long until each other host's VXLAN device has no row for it. */
    private void failover(BenchCluster cluster) {
        List<BenchCluster.Host> hosts = cluster.hosts();
        BenchCluster.Host victim = hosts.getLast();
        String id;
        try (JnetdClient client = new JnetdClient(hosts.getFirst().jnetd().socket())) {
            id = client.get("/v1/networks/" + OVERLAY).json().path("id").asString().substring(0, 12);
        }
        ProcessHandle.of(victim.jnetd().pid()).ifPresent(ProcessHandle::destroyForcibly);
        long killed = System.nanoTime();
        List<CompletableFuture<Long>> gone = new ArrayList<>();
        for (BenchCluster.Host observer : hosts.subList(0, hosts.size() - 1)) {
            NetNs ov = NetNs.at(observer.jnetd().directory().resolve("run/netns/ov-" + id));
            gone.add(CompletableFuture.supplyAsync(() -> {
                awaitTrue(() -> !cluster.run(ov, "bridge -j fdb show dev vxlan0").contains(victim.address()),
                        Duration.ofSeconds(options.leaseSeconds() + 30L), "host " + victim.number() + " gone from host "
                                + observer.number());
                return System.nanoTime() - killed;
            }));
        }
        long[] sorted = gone.stream().mapToLong(CompletableFuture::join).sorted().toArray();
        String line = ("after SIGKILL, %2d hosts: the dead host's endpoints gone from the other %d hosts' data path after"
                + " median %.0f ms, last %.0f ms (lease TTL %d s)").formatted(hosts.size(), sorted.length,
                AttachTiming.percentileMs(sorted, 0.5), sorted[sorted.length - 1] / 1e6, options.leaseSeconds());
        System.out.println(line);
        summary.add(line);
    }

    private void frameRun(NetNs ns, String line) {
        Processes.run(ThrowawayNamespaces.inside(ns, List.of(line.split(" "))), frame.work().resolve("command.err"));
    }

    /** The address of run {@code i}: 10.90.1.2 onwards, 250 to a /24. */
    static InetAddress address(int i) {
        try {
            return InetAddress.getByName("10.90." + (1 + i / 250) + "." + (2 + i % 250));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Docker's MAC for an IPv4 endpoint, as jnet gives it: 02:42 and the four address bytes. */
    static String mac(InetAddress address) {
        byte[] b = address.getAddress();
        return "02:42:%02x:%02x:%02x:%02x".formatted(b[0], b[1], b[2], b[3]);
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new BenchmarkException("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchmarkException("interrupted");
            }
        }
    }
}
