package dev.jnet.daemon;

import dev.jnet.cluster.testing.EtcdServer;
import dev.jnet.daemon.testing.EtcdGateway;
import dev.jnet.daemon.testing.FakeCluster;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.jnet.kernel.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The cluster after a jnetd is SIGKILLed in the middle of a burst of overlay connects: once it is back, the
 * cluster store holds exactly its endpoints (their records and addresses), every acknowledged connect is
 * among them, and the janitor frees what a killed connect left behind and writes again what was lost. The
 * janitor's rounds are 1 s here (60 s in production).
 */
@ExtendWith(NetnsExtension.class)
class ClusterCrashIT {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CLIENTS = 4;

    @BeforeEach
    void needsEtcd() {
        assumeThat(EtcdServer.missing()).as("etcd").isEmpty();
    }

    @Test
    void afterSigkillDuringOverlayConnectsTheStoreHoldsExactlyTheHostsEndpoints(ThrowawayNs underlay, ThrowawayNs a,
                                                                                 ThrowawayNs b) throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay)
                .jnetdEnvironment(Map.of("JAVA_TOOL_OPTIONS", "-Djnet.cluster.janitor-round-ms=1000"))) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE);
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE);
            var created = hostA.client().post("/v1/networks", """
                    {"name": "burst", "driver": "overlay", "ipv4": [{"subnet": "10.95.0.0/22"}]}""");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String network = created.json().path("id").asString();
            String hostId = hostA.client().get("/v1/info").json().path("cluster").path("hostId").asString();

            ConcurrentLinkedQueue<String> acknowledged = burstAndKill(hostA);
            FakeCluster.Member again = cluster.restart(hostA, LEASE);
            Map<String, String> endpoints = endpointsOf(again, network);
            assertThat(endpoints.keySet()).as("every acknowledged connect is back").containsAll(acknowledged);

            // What a crash can leave, made by hand too, so that the janitor has something to do every time.
            EtcdGateway.put(underlay, "/jnet/v1/ips/" + network + "/10.95.3.250", hostId + "/left-by-a-killed-connect");
            EtcdGateway.put(underlay, "/jnet/v1/ips/" + network + "/10.95.3.251", "{\"network\": \"" + network
                    + "\", \"endpoint\": \"" + "f".repeat(64) + "\", \"host\": \"" + hostId + "\", \"address\": \"10.95.3.251\","
                    + " \"mac\": \"02:42:0a:5f:03:fb\", \"names\": [\"ghost\"]}");
            String lost = endpoints.keySet().iterator().next();
            EtcdGateway.delete(underlay, "/jnet/v1/ips/" + network + "/" + endpoints.get(lost));

            await(() -> ownRecords(underlay, network, hostId).equals(new TreeMap<>(endpoints)),
                    "the store holds exactly A's endpoints, each address holding its record: " + endpoints);
            String ovB = hostB.host().runDirectory().resolve("netns/ov-" + network.substring(0, 12)).toString();
            await(() -> Command.run("nsenter", "--net=" + ovB, "bridge", "fdb", "show", "dev", "vxlan0").stdout().lines()
                    .filter(l -> l.contains("192.168.77.1")).count() == endpoints.size(), "B's data path holds A's endpoints");
        }
    }

    /** Connects on four clients at once until a dozen were acknowledged, then SIGKILL; the acknowledged endpoint ids. */
    private static ConcurrentLinkedQueue<String> burstAndKill(FakeCluster.Member host) throws Exception {
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean dead = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int round = 0; round < 100 && !dead.get(); round++) {
                        try {
                            String name = "c" + client + "-" + round;
                            if (host.client().post("/v1/sandboxes", "{\"name\": \"" + name + "\"}").status() == 201) {
                                var connected = host.client().post("/v1/networks/burst/connect", "{\"sandbox\": \"" + name + "\"}");
                                if (connected.status() == 201) {
                                    acknowledged.add(connected.json().path("id").asString());
                                }
                            }
                        } catch (RuntimeException e) {
                            dead.set(true); // refused or cut off: jnetd is gone
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged.size() < 12 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            host.jnetd().kill();
            host.jnetd().waitFor(Duration.ofSeconds(30));
        } finally {
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        return acknowledged;
    }

    /** The host's endpoints on the network: id to address. */
    private static Map<String, String> endpointsOf(FakeCluster.Member host, String network) {
        Map<String, String> found = new HashMap<>();
        for (JsonNode e : host.client().get("/v1/networks/" + network).json().path("endpoints")) {
            String cidr = e.path("ipv4").asString();
            found.put(e.path("id").asString(), cidr.substring(0, cidr.indexOf('/')));
        }
        return found;
    }

    /**
     * The addresses of the network that the host holds, endpoint id to address, from their claims' records (a
     * holder that is no record, or a record of another address, shows as such, so that it cannot match).
     */
    private static Map<String, String> ownRecords(ThrowawayNs underlay, String network, String hostId) {
        String prefix = "/jnet/v1/ips/" + network + "/";
        Map<String, String> found = new TreeMap<>();
        EtcdGateway.range(underlay, prefix).forEach((key, holder) -> {
            String address = key.substring(prefix.length());
            if (holder.startsWith(hostId + "/")) {
                found.put("reservation " + holder, address);
            } else if (holder.startsWith("{") && JSON.readTree(holder).path("host").asString().equals(hostId)) {
                JsonNode record = JSON.readTree(holder);
                found.put(record.path("endpoint").asString(), record.path("address").asString().equals(address)
                        ? address : "record of " + record.path("address").asString());
            }
        });
        return found;
    }
}
