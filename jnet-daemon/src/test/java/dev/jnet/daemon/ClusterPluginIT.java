package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeCluster;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.TestPlugin;
import dev.jnet.cluster.testing.EtcdServer;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.jnet.kernel.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A Docker network plugin of global scope with the cluster store: a network made on one host is the cluster's
 * (its subnet and addresses from the cluster's IPAM), appears on every host, and each host's own copy of the
 * plugin is asked to make it and its endpoints there; its removal reaches every host's plugin. Each plugin
 * hears of the cluster's hosts (DiscoverNew, DiscoverDelete). Without a cluster such a driver's networks are
 * refused.
 */
@ExtendWith(NetnsExtension.class)
class ClusterPluginIT {
    private static final Duration LEASE = Duration.ofSeconds(3);

    @BeforeEach
    void needsEtcd() {
        assumeThat(EtcdServer.missing()).as("etcd").isEmpty();
    }

    private static JsonNode created(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static boolean listed(FakeCluster.Member member, String network) {
        return member.client().get("/v1/networks/" + network).status() == 200;
    }

    private static boolean called(TestPlugin plugin, String call) {
        try {
            return plugin.callNames().contains(call);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hosts a plugin was told of by {@code call}, in order, "ADDRESS self" for its own. */
    private static List<String> discovered(TestPlugin plugin, String call) {
        try {
            return plugin.bodies(call).stream().map(b -> b.path("DiscoveryData").path("Address").asString()
                    + (b.path("DiscoveryData").path("Self").asBoolean() ? " self" : "")).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGlobalPluginsNetworkIsMadeOnEveryHostByItsOwnPluginWithAddressesFromTheCluster(ThrowawayNs underlay,
                                                                                        ThrowawayNs a, ThrowawayNs b)
            throws Exception {
        Path dirA = NetnsExtension.RUN_DIR.resolve("gp-" + a.name());
        Path dirB = NetnsExtension.RUN_DIR.resolve("gp-" + b.name());
        try {
            runGlobalPlugin(underlay, a, b, dirA, dirB);
        } finally {
            FakeHost.deleteTree(dirA);
            FakeHost.deleteTree(dirB);
        }
    }

    private static void runGlobalPlugin(ThrowawayNs underlay, ThrowawayNs a, ThrowawayNs b, Path dirA, Path dirB)
            throws Exception {
        try (FakeCluster cluster = FakeCluster.start(underlay);
             TestPlugin pluginA = TestPlugin.start(a, dirA, "gp", "bridge-plugin.py", "global");
             TestPlugin pluginB = TestPlugin.start(b, dirB, "gp", "bridge-plugin.py", "global")) {
            FakeCluster.Member hostA = cluster.addHost(a, 1, LEASE, "--plugin-socket-dir", dirA.toString());
            FakeCluster.Member hostB = cluster.addHost(b, 2, LEASE, "--plugin-socket-dir", dirB.toString());
            JsonNode network = created(hostA.client().post("/v1/networks", """
                    {"name": "spread", "driver": "gp", "ipv4": [{"subnet": "10.70.0.0/24"}]}"""));
            assertThat(network.path("scope").asString()).isEqualTo("global");
            String id = network.path("id").asString();
            await(() -> listed(hostB, "spread"), "the network on B");
            await(() -> called(pluginB, "NetworkDriver.CreateNetwork"), "B's plugin asked to make it");
            JsonNode made = pluginB.bodies("NetworkDriver.CreateNetwork").getFirst();
            assertThat(made.path("NetworkID").asString()).isEqualTo(id);
            assertThat(made.path("IPv4Data").get(0).path("AddressSpace").asString()).isEqualTo("GlobalDefault");
            assertThat(made.path("IPv4Data").get(0).path("Pool").asString()).isEqualTo("10.70.0.0/24");

            await(() -> discovered(pluginA, "NetworkDriver.DiscoverNew").equals(List.of("192.168.77.1 self",
                    "192.168.77.2")), "A's plugin told of both hosts");
            await(() -> discovered(pluginB, "NetworkDriver.DiscoverNew").equals(List.of("192.168.77.1",
                    "192.168.77.2 self")), "B's plugin told of both hosts");

            created(hostA.client().post("/v1/sandboxes", "{\"name\": \"one\"}"));
            created(hostB.client().post("/v1/sandboxes", "{\"name\": \"two\"}"));
            String onA = created(hostA.client().post("/v1/networks/spread/connect", "{\"sandbox\": \"one\"}"))
                    .path("ipv4").asString();
            String onB = created(hostB.client().post("/v1/networks/spread/connect", "{\"sandbox\": \"two\"}"))
                    .path("ipv4").asString();
            assertThat(onB).as("one IPAM for the cluster").isNotEqualTo(onA).startsWith("10.70.0.");
            assertThat(pluginB.callNames()).containsSubsequence("NetworkDriver.CreateEndpoint", "NetworkDriver.Join");
            assertThat(pluginA.bodies("NetworkDriver.CreateEndpoint")).hasSize(1);

            assertThat(hostB.client().post("/v1/networks/spread/disconnect", "{\"sandbox\": \"two\"}").status()).isIn(200, 204);
            assertThat(hostA.client().post("/v1/networks/spread/disconnect", "{\"sandbox\": \"one\"}").status()).isIn(200, 204);
            assertThat(hostA.client().delete("/v1/networks/spread").status()).isEqualTo(204);
            await(() -> !listed(hostB, "spread"), "gone from B");
            await(() -> called(pluginB, "NetworkDriver.DeleteNetwork"), "B's plugin asked to remove it");
            hostB.jnetd().kill();
            await(() -> discovered(pluginA, "NetworkDriver.DiscoverDelete").equals(List.of("192.168.77.2")),
                    "A's plugin told B left");
        }
    }

    @Test
    void withoutAClusterAGlobalPluginsNetworkIsRefused(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns);
             TestPlugin plugin = TestPlugin.start(ns, host.directory().resolve("plugins"), "gp", "bridge-plugin.py", "global")) {
            host.startDaemon(host.config().withPlugins(new DaemonConfig.PluginSettings(
                    List.of(host.directory().resolve("plugins")), List.of())));
            var refused = host.client().post("/v1/networks", "{\"name\": \"spread\", \"driver\": \"gp\"}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.message()).contains("network driver gp has global scope", "jnetd --cluster-store");
            assertThat(plugin.callNames()).doesNotContain("NetworkDriver.CreateNetwork");
            assertThat(host.client().get("/v1/networks/spread").status()).isEqualTo(404);
        }
    }
}
