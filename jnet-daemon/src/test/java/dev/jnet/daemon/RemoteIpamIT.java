package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.TestPlugin;
import dev.jnet.daemon.testing.Traffic;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Docker IPAM plugin as a network's IPAM ({@code --ipam-driver}): a small plugin written for the tests
 * (a Python script that hands out pools from 10.123.0.0/16 and endpoint addresses from .100 up, so that
 * they are told apart from jnet's own) runs in the fake host beside jnetd. Checked with the plugin's log
 * of calls, {@code ip -j} and real packets.
 */
@ExtendWith(NetnsExtension.class)
class RemoteIpamIT {
    private static TestPlugin start(ThrowawayNs ns, Path directory, String caps) throws Exception {
        return TestPlugin.start(ns, directory, "tipam", "ipam-plugin.py", caps);
    }

    private static JsonNode created(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private static DaemonConfig withPlugins(FakeHost host) {
        return host.config().withPlugins(new DaemonConfig.PluginSettings(List.of(host.directory().resolve("plugins")), List.of()));
    }

    private static String hostAddresses(ThrowawayNs ns) {
        return Command.check("nsenter", "--net=" + ns.ns().path(), "ip", "-j", "addr", "show");
    }

    @Test
    void aNetworksSubnetGatewayAndAddressesComeFromThePluginWithItsOptionsAndMacsAndGoBackToIt(ThrowawayNs ns)
            throws Exception {
        try (FakeHost host = new FakeHost(ns);
             TestPlugin plugin = start(ns, host.directory().resolve("plugins"), "mac")) {
            host.startDaemon(withPlugins(host));
            ApiClient api = host.client();
            JsonNode network = created(api.post("/v1/networks", """
                    {"name": "planned", "ipamDriver": "tipam", "ipamOptions": {"color": "red"}}"""));
            assertThat(plugin.callNames()).containsExactly("Plugin.Activate", "IpamDriver.GetCapabilities",
                    "IpamDriver.GetDefaultAddressSpaces", "IpamDriver.RequestPool", "IpamDriver.RequestAddress");
            JsonNode pool = plugin.bodies("IpamDriver.RequestPool").getFirst();
            assertThat(pool.path("AddressSpace").asString()).isEqualTo("testlocal");
            assertThat(pool.path("Pool").asString()).isEmpty();
            assertThat(pool.path("Options").path("color").asString()).isEqualTo("red");
            assertThat(pool.path("V6").asBoolean()).isFalse();
            assertThat(plugin.bodies("IpamDriver.RequestAddress").getFirst().path("Options").path("RequestAddressType")
                    .asString()).isEqualTo("com.docker.network.gateway");
            JsonNode ipam = network.path("ipam");
            assertThat(ipam.path("driver").asString()).isEqualTo("tipam");
            assertThat(ipam.path("options").path("color").asString()).isEqualTo("red");
            assertThat(ipam.path("ipv4").get(0).path("subnet").asString()).isEqualTo("10.123.0.0/24");
            assertThat(ipam.path("ipv4").get(0).path("gateway").asString()).isEqualTo("10.123.0.1");
            assertThat(hostAddresses(ns)).as("the bridge has the plugin's gateway")
                    .contains("\"local\":\"10.123.0.1\",\"prefixlen\":24");
            JsonNode docker = host.dockerClient().get("/networks/planned").json().path("IPAM");
            assertThat(docker.path("Driver").asString()).isEqualTo("tipam");
            assertThat(docker.path("Options").path("color").asString()).isEqualTo("red");

            String one = created(api.post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
            String two = created(api.post("/v1/sandboxes", "{\"name\": \"two\"}")).path("namespace").asString();
            JsonNode first = created(api.post("/v1/networks/planned/connect", "{\"sandbox\": \"one\"}"));
            JsonNode second = created(api.post("/v1/networks/planned/connect",
                    "{\"sandbox\": \"two\", \"ipv4\": \"10.123.0.7\"}"));
            assertThat(first.path("ipv4").asString()).as("the plugin's choice, not jnet's .2").isEqualTo("10.123.0.100/24");
            assertThat(second.path("ipv4").asString()).isEqualTo("10.123.0.7/24");
            List<JsonNode> asked = plugin.bodies("IpamDriver.RequestAddress");
            JsonNode forOne = asked.get(1);
            assertThat(forOne.path("Address").asString()).isEmpty();
            assertThat(forOne.path("Options").has("color")).as("as dockerd: the network's options go with its pool only")
                    .isFalse();
            assertThat(forOne.path("Options").path("com.docker.network.endpoint.macaddress").asString())
                    .as("RequiresMACAddress: the MAC the endpoint then has").isEqualTo(first.path("mac").asString());
            assertThat(asked.get(2).path("Address").asString()).isEqualTo("10.123.0.7");
            assertThat(Traffic.connects(Path.of(one), Path.of(two), InetAddress.getByName("10.123.0.7")))
                    .as("one reaches two at the plugin's addresses (TCP)").isTrue();

            plugin.clearLog();
            assertThat(api.post("/v1/networks/planned/disconnect", "{\"sandbox\": \"one\"}").status()).isIn(200, 204);
            assertThat(plugin.bodies("IpamDriver.ReleaseAddress")).singleElement()
                    .satisfies(b -> assertThat(b.path("Address").asString()).isEqualTo("10.123.0.100"))
                    .satisfies(b -> assertThat(b.path("PoolID").asString()).isEqualTo("testlocal/10.123.0.0/24"));
            assertThat(api.delete("/v1/sandboxes/two").status()).isEqualTo(204);
            assertThat(api.delete("/v1/networks/planned").status()).isEqualTo(204);
            assertThat(plugin.callNames()).containsExactly("IpamDriver.ReleaseAddress", "IpamDriver.ReleaseAddress",
                    "IpamDriver.ReleaseAddress", "IpamDriver.ReleasePool");
            assertThat(plugin.bodies("IpamDriver.ReleaseAddress").stream().map(b -> b.path("Address").asString()))
                    .containsExactly("10.123.0.100", "10.123.0.7", "10.123.0.1");
            assertThat(hostAddresses(ns)).doesNotContain("10.123.0.1");

            try (TestPlugin driver = TestPlugin.start(ns, host.directory().resolve("plugins"), "rp", "bridge-plugin.py")) {
                created(api.post("/v1/networks", "{\"name\": \"both\", \"driver\": \"rp\", \"ipamDriver\": \"tipam\"}"));
                JsonNode data = driver.bodies("NetworkDriver.CreateNetwork").getFirst().path("IPv4Data").get(0);
                assertThat(data.path("AddressSpace").asString()).as("the IPAM plugin's space").isEqualTo("testlocal");
                assertThat(data.path("Gateway").asString()).isEqualTo("10.123.1.1/24");
                assertThat(api.delete("/v1/networks/both").status()).isEqualTo(204);
            }
        }
    }

    @Test
    void aRefusalOrAMissingPluginIsAClearErrorAndLeavesNothingBehind(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns);
             TestPlugin plugin = start(ns, host.directory().resolve("plugins"), "gateway-data")) {
            host.startDaemon(withPlugins(host));
            ApiClient api = host.client();
            List<String> linksBefore = ns.ipLinkNames();
            var refused = api.post("/v1/networks", """
                    {"name": "bad", "ipamDriver": "tipam", "ipv4": [{"subnet": "10.124.0.0/24", "gateway": "10.124.0.9"}],
                     "ipamOptions": {"fail": "IpamDriver.RequestAddress"}}""");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.message()).contains("plugin tipam refused IpamDriver.RequestAddress: refused by the test");
            assertThat(plugin.callNames()).as("the pool it gave is given back").endsWith("IpamDriver.RequestPool",
                    "IpamDriver.RequestAddress", "IpamDriver.ReleasePool");
            assertThat(api.get("/v1/networks/bad").status()).isEqualTo(404);
            assertThat(ns.ipLinkNames()).isEqualTo(linksBefore);

            plugin.clearLog();
            JsonNode full = created(api.post("/v1/networks", """
                    {"name": "full", "ipamDriver": "tipam", "ipamOptions": {"full": "yes"}}"""));
            assertThat(full.path("ipam").path("ipv4").get(0).path("gateway").asString())
                    .as("the gateway the plugin gave with the pool, not asked for").isEqualTo("10.123.0.254");
            assertThat(plugin.callNames()).doesNotContain("IpamDriver.RequestAddress");
            created(api.post("/v1/sandboxes", "{\"name\": \"box\"}"));
            List<String> withNetwork = ns.ipLinkNames();
            var none = api.post("/v1/networks/full/connect", "{\"sandbox\": \"box\"}");
            assertThat(none.status()).as(none.toString()).isEqualTo(400);
            assertThat(none.message()).contains("plugin tipam refused IpamDriver.RequestAddress: no more addresses in 10.123.0.0/24");
            assertThat(api.get("/v1/networks/full").json().path("endpoints").size()).isZero();
            assertThat(ns.ipLinkNames()).as("no veth left").isEqualTo(withNetwork);

            var unknown = api.post("/v1/networks", "{\"name\": \"x\", \"ipamDriver\": \"nothere\"}");
            assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
            assertThat(unknown.message()).contains("IPAM driver 'nothere' not found");
            var options = api.post("/v1/networks", "{\"name\": \"x\", \"ipamOptions\": {\"a\": \"b\"}}");
            assertThat(options.status()).as(options.toString()).isEqualTo(400);
            assertThat(options.message()).contains("jnet's default IPAM driver takes no options, got a");
            var viaDocker = host.dockerClient().post("/networks/create", """
                    {"Name": "docked", "IPAM": {"Driver": "tipam", "Options": {"color": "blue"}, "Config": []}}""");
            assertThat(viaDocker.status()).as(viaDocker.toString()).isEqualTo(201);
            assertThat(plugin.bodies("IpamDriver.RequestPool").getLast().path("Options").path("color").asString()).isEqualTo("blue");
        }
    }

    @Test
    void afterARestartTheStoredAllocationsAreReplayedToAPluginThatAsksAndAGonePluginMakesConnectsUnavailable(ThrowawayNs ns)
            throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Path plugins = host.directory().resolve("plugins");
            DaemonConfig config = withPlugins(host);
            String one;
            try (TestPlugin plugin = start(ns, plugins, "replay,mac")) {
                Daemon daemon = host.startDaemon(config);
                created(host.client().post("/v1/networks", "{\"name\": \"kept\", \"ipamDriver\": \"tipam\"}"));
                one = created(host.client().post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
                assertThat(created(host.client().post("/v1/networks/kept/connect", "{\"sandbox\": \"one\"}"))
                        .path("ipv4").asString()).isEqualTo("10.123.0.100/24");
                created(host.client().post("/v1/sandboxes", "{\"name\": \"three\"}"));
                assertThat(created(host.client().post("/v1/networks/kept/connect", "{\"sandbox\": \"three\"}"))
                        .path("ipv4").asString()).isEqualTo("10.123.0.101/24");
                daemon.close();
            }
            Files.deleteIfExists(plugins.resolve("tipam.sock"));
            host.startDaemon(config);
            ApiClient api = host.client();
            assertThat(api.get("/v1/networks/kept").status()).as("listed, not deleted").isEqualTo(200);
            assertThat(api.delete("/v1/sandboxes/three").status()).as("removed while the plugin is away").isEqualTo(204);
            created(api.post("/v1/sandboxes", "{\"name\": \"two\"}"));
            var gone = api.post("/v1/networks/kept/connect", "{\"sandbox\": \"two\"}");
            assertThat(gone.status()).as(gone.toString()).isEqualTo(503);
            assertThat(gone.message()).contains("plugin tipam is not there");

            try (TestPlugin fresh = start(ns, plugins, "replay,mac")) {
                JsonNode second = created(api.post("/v1/networks/kept/connect", "{\"sandbox\": \"two\"}"));
                assertThat(second.path("ipv4").asString()).as("the replay told the fresh plugin that .100 is taken,"
                        + " and not .101, which three gave back while it was away").isEqualTo("10.123.0.101/24");
                assertThat(fresh.bodies("IpamDriver.RequestPool").getFirst().path("Pool").asString()).isEqualTo("10.123.0.0/24");
                assertThat(fresh.bodies("IpamDriver.RequestAddress").stream().map(b -> b.path("Address").asString()))
                        .startsWith("10.123.0.1", "10.123.0.100").doesNotContain("10.123.0.101");
                String two = api.get("/v1/sandboxes/two").json().path("namespace").asString();
                assertThat(Traffic.connects(Path.of(two), Path.of(one), InetAddress.getByName("10.123.0.100")))
                        .as("the sandbox joined before the restart is reached at its address").isTrue();
            }
        }
    }
}
