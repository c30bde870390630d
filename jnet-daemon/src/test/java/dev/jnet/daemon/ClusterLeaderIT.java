package dev.jnet.daemon;

import dev.jnet.cluster.testing.EtcdServer;
import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeCluster;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.jnet.kernel.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The cluster's IPAM while etcd elects a new leader (docs/cluster.md): three jnetds on three fake hosts,
 * their store a real three-member etcd cluster; connects run on all three hosts at once while the leading
 * member is killed. No address is handed out twice, a connect that fails says so (503) and leaves nothing, and
 * once the other two members have elected a new leader, connects work again on every host.
 */
@ExtendWith(NetnsExtension.class)
class ClusterLeaderIT {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final int PER_HOST = 12;
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    @Test
    void addressesClaimedOnThreeHostsWhileEtcdElectsANewLeaderAreNeverHandedOutTwice(ThrowawayNs underlay, ThrowawayNs a,
                                                                                      ThrowawayNs b, ThrowawayNs c)
            throws Exception {
        assumeThat(EtcdServer.missing()).as("etcd").isEmpty();
        try (FakeCluster cluster = FakeCluster.startWithEtcdCluster(underlay, 3)) {
            List<FakeCluster.Member> hosts = List.of(cluster.addHost(a, 1, LEASE), cluster.addHost(b, 2, LEASE),
                    cluster.addHost(c, 3, LEASE));
            assertThat(hosts.getFirst().client().post("/v1/networks", """
                    {"name": "red", "driver": "overlay", "ipv4": [{"subnet": "10.95.0.0/24"}]}""").status()).isEqualTo(201);
            for (FakeCluster.Member h : hosts) {
                await(() -> h.client().get("/v1/networks/red").status() == 200, "red on host " + h.address());
                for (int i = 0; i < PER_HOST; i++) {
                    assertThat(h.client().post("/v1/sandboxes", "{\"name\": \"" + name(h, i) + "\"}").status()).isEqualTo(201);
                }
            }
            EtcdServer leader = cluster.etcdCluster().leader().orElseThrow();
            AtomicInteger done = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<ApiClient.Response>> connects = new ArrayList<>();
            for (FakeCluster.Member h : hosts) {
                for (int t = 0; t < 2; t++) { // two clients per host, each connecting its sandboxes one after the other
                    int first = t * PER_HOST / 2;
                    for (int i = first; i < first + PER_HOST / 2; i++) {
                        String sandbox = name(h, i);
                        connects.add(pool.submit(() -> {
                            ApiClient.Response r = h.client().post("/v1/networks/red/connect", "{\"sandbox\": \"" + sandbox + "\"}");
                            done.incrementAndGet();
                            return r;
                        }));
                    }
                }
            }
            await(() -> done.get() >= 6, "the first connects");
            leader.kill();
            int killedAfter = done.get();

            List<String> addresses = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            try {
                for (Future<ApiClient.Response> f : connects) {
                    ApiClient.Response r = f.get(120, TimeUnit.SECONDS);
                    if (r.status() == 201) {
                        addresses.add(r.json().path("ipv4").asString());
                    } else {
                        assertThat(r.status()).as("a connect that fails while etcd has no leader: " + r.body()).isEqualTo(503);
                        assertThat(r.message()).contains("cluster store unreachable");
                        failed.add(r.body());
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.printf("ClusterLeaderIT: leader %s killed after %d of %d connects; %d failed%n", leader.clientUrl(),
                    killedAfter, connects.size(), failed.size());
            assertThat(killedAfter).as("the leader was killed while connects were under way").isLessThan(connects.size());
            assertThat(addresses).as("no address twice (%d failed: %s)", failed.size(), failed).doesNotHaveDuplicates()
                    .allMatch(x -> x.startsWith("10.95.0."));

            await(() -> cluster.etcdCluster().leader().filter(l -> l != leader).isPresent(), "a new leader");
            List<String> after = new ArrayList<>();
            for (FakeCluster.Member h : hosts) { // the failed ones again, and one more each
                for (int i = 0; i < PER_HOST; i++) {
                    if (endpoints(h, name(h, i)).isEmpty()) {
                        ApiClient.Response r = h.client().post("/v1/networks/red/connect", "{\"sandbox\": \"" + name(h, i) + "\"}");
                        assertThat(r.status()).as("after the election: " + r.body()).isEqualTo(201);
                        after.add(r.json().path("ipv4").asString());
                    }
                }
            }
            assertThat(after).as("the failed connects, made again").hasSize(failed.size());
            List<String> all = new ArrayList<>(addresses);
            all.addAll(after);
            assertThat(all).as("every sandbox on red, each with an address of its own").hasSize(3 * PER_HOST)
                    .doesNotHaveDuplicates();
            leader.restart();
            String red = hosts.getFirst().client().get("/v1/networks/red").json().path("id").asString();
            for (FakeCluster.Member h : hosts) {
                await(() -> known(h, red).equals(new HashSet<>(all)), "host " + h.address() + " reaches every endpoint, and"
                        + " only those: " + known(h, red));
            }
        }
    }

    private static String name(FakeCluster.Member h, int i) {
        return "s" + h.address().substring(h.address().lastIndexOf('.') + 1) + "x" + i;
    }

    /** The sandbox's endpoints on the member. */
    private static List<JsonNode> endpoints(FakeCluster.Member member, String sandbox) {
        List<JsonNode> found = new ArrayList<>();
        member.client().get("/v1/sandboxes/" + sandbox).json().path("endpoints").forEach(found::add);
        return found;
    }

    /**
     * Every address on red the member reaches: its own endpoints', and the other hosts' as its data path has
     * them (static neighbour rows on the VXLAN device in the network's namespace, {@code ip -j neigh}).
     */
    private static Set<String> known(FakeCluster.Member member, String networkId) {
        Set<String> known = new HashSet<>();
        for (int i = 0; i < PER_HOST; i++) {
            endpoints(member, name(member, i)).stream().filter(e -> e.path("network").asString().equals(networkId))
                    .forEach(e -> known.add(e.path("ipv4").asString()));
        }
        String ns = member.host().runDirectory().resolve("netns/ov-" + networkId.substring(0, 12)).toString();
        String out = Command.run("nsenter", "--net=" + ns, "ip", "-j", "-4", "neigh", "show", "dev", "vxlan0").stdout();
        for (JsonNode n : JSON.readTree(out.isBlank() ? "[]" : out)) {
            known.add(n.path("dst").asString() + "/24");
        }
        return known;
    }
}
