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
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Docker remote network plugin as a jnet driver: a small plugin written for the tests (a Python script
 * that makes a Linux bridge per network and a veth per endpoint with ip(8)) runs in the fake host beside
 * jnetd, which finds its socket by the driver's name. Checked with the plugin's log of calls, {@code ip -j}
 * and real packets between two sandboxes.
 */
@ExtendWith(NetnsExtension.class)
class RemotePluginIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The test network plugin, serving {@code NAME.sock} in {@code directory}, inside the fake host's namespace. */
    private static TestPlugin start(ThrowawayNs ns, Path directory, String name) throws Exception {
        return TestPlugin.start(ns, directory, name, "bridge-plugin.py");
    }

    /** jnetd in the fake host, finding plugins in its directory {@code plugins}. */
    private static void startDaemon(FakeHost host) {
        host.startDaemon(host.config().withPlugins(new DaemonConfig.PluginSettings(
                List.of(host.directory().resolve("plugins")), List.of())));
    }

    private static JsonNode created(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    @Test
    void aPluginsNetworkConnectsSandboxesThroughTheInterfacesItMakesAndEveryCallIsUndoneOnRemoval(ThrowawayNs ns)
            throws Exception {
        try (FakeHost host = new FakeHost(ns);
             TestPlugin plugin = start(ns, host.directory().resolve("plugins"), "rp")) {
            startDaemon(host);
            ApiClient api = host.client();
            JsonNode network = created(api.post("/v1/networks", """
                    {"name": "third", "driver": "rp", "ipv4": [{"subnet": "10.66.0.0/24"}], "options": {"color": "blue"}}"""));
            String id = network.path("id").asString();
            assertThat(plugin.callNames()).containsExactly("Plugin.Activate", "NetworkDriver.GetCapabilities",
                    "NetworkDriver.CreateNetwork");
            JsonNode create = plugin.calls().get(2).path("body");
            assertThat(plugin.calls().get(2).path("accept").asString()).isEqualTo("application/vnd.docker.plugins.v1.2+json");
            assertThat(create.path("NetworkID").asString()).isEqualTo(id);
            assertThat(create.path("Options").path("com.docker.network.generic").path("color").asString()).isEqualTo("blue");
            assertThat(create.path("IPv4Data").get(0).path("Gateway").asString()).isEqualTo("10.66.0.1/24");
            assertThat(ns.ipLinkNames()).contains("rpb" + id.substring(0, 8));

            String one = created(api.post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
            String two = created(api.post("/v1/sandboxes", "{\"name\": \"two\"}")).path("namespace").asString();
            JsonNode first = created(api.post("/v1/networks/third/connect", "{\"sandbox\": \"one\"}"));
            created(api.post("/v1/networks/third/connect", "{\"sandbox\": \"two\"}"));
            String endpoint = first.path("id").asString();

            assertThat(plugin.callNames()).containsSubsequence("NetworkDriver.CreateEndpoint", "NetworkDriver.Join",
                    "NetworkDriver.CreateEndpoint", "NetworkDriver.Join");
            JsonNode inOne = JSON.readTree(Command.check("nsenter", "--net=" + one, "ip", "-j", "addr", "show", "eth0"));
            assertThat(inOne.get(0).path("addr_info").toString()).contains("10.66.0.2");
            assertThat(ns.ipLinkNames()).as("moved into the sandbox").doesNotContain("rpv" + endpoint.substring(0, 8));
            String routes = Command.check("nsenter", "--net=" + one, "ip", "-j", "route", "show");
            assertThat(routes).contains("\"dst\":\"default\",\"gateway\":\"10.66.0.1\"")
                    .contains("\"dst\":\"10.99.0.0/24\",\"gateway\":\"10.66.0.1\"");
            assertThat(Traffic.connects(Path.of(one), Path.of(two), InetAddress.getByName("10.66.0.3")))
                    .as("one reaches two over the plugin's bridge (TCP)").isTrue();
            assertThat(inOne.get(0).path("address").asString()).as("the endpoint's MAC, set as dockerd sets it")
                    .isEqualTo(first.path("mac").asString());

            created(api.post("/v1/networks", """
                    {"name": "prefixed", "driver": "rp", "ipv4": [{"subnet": "10.68.0.0/24"}], "options": {"prefix": "ens"}}"""));
            String three = created(api.post("/v1/sandboxes", "{\"name\": \"three\"}")).path("namespace").asString();
            JsonNode prefixed = created(api.post("/v1/networks/prefixed/connect", "{\"sandbox\": \"three\"}"));
            assertThat(prefixed.path("interface").asString()).as("named by the Join's DstPrefix").isEqualTo("ens0");
            assertThat(Command.check("nsenter", "--net=" + three, "ip", "-j", "addr", "show", "ens0")).contains("10.68.0.2");
            assertThat(api.post("/v1/networks/prefixed/disconnect", "{\"sandbox\": \"three\"}").status()).isIn(200, 204);
            assertThat(Command.run("nsenter", "--net=" + three, "ip", "link", "show", "ens0").exitCode()).isNotZero();
            assertThat(api.delete("/v1/networks/prefixed").status()).isEqualTo(204);

            assertThat(api.post("/v1/networks/third/disconnect", "{\"sandbox\": \"one\"}").status()).isIn(200, 204);
            assertThat(plugin.callNames()).endsWith("NetworkDriver.Leave", "NetworkDriver.DeleteEndpoint");
            assertThat(ns.ipLinkNames()).doesNotContain("rpp" + endpoint.substring(0, 8));
            assertThat(api.delete("/v1/sandboxes/two").status()).isEqualTo(204);
            assertThat(api.delete("/v1/networks/third").status()).isEqualTo(204);
            assertThat(plugin.callNames()).endsWith("NetworkDriver.DeleteNetwork");
            assertThat(ns.ipLinkNames()).doesNotContain("rpb" + id.substring(0, 8));
        }
    }

    private static List<String> networksOf(ApiClient api, String sandbox) {
        List<String> names = new java.util.ArrayList<>();
        api.get("/v1/sandboxes/" + sandbox).json().path("endpoints")
                .forEach(e -> names.add(api.get("/v1/networks/" + e.path("network").asString()).json().path("name").asString()));
        return names;
    }

    @Test
    void aPluginEndpointWithoutAGatewayReachesOutThroughTheGatewayBridgeUnlessItsJoinDisablesTheService(ThrowawayNs ns)
            throws Exception {
        try (FakeHost host = new FakeHost(ns);
             TestPlugin plugin = start(ns, host.directory().resolve("plugins"), "rp")) {
            startDaemon(host);
            ApiClient api = host.client();
            created(api.post("/v1/networks", """
                    {"name": "nogw", "driver": "rp", "ipv4": [{"subnet": "10.73.0.0/24"}], "options": {"nogateway": "yes"}}"""));
            created(api.post("/v1/networks", """
                    {"name": "closed", "driver": "rp", "ipv4": [{"subnet": "10.74.0.0/24"}],
                     "options": {"nogateway": "yes", "disable-gateway-service": "yes"}}"""));
            String one = created(api.post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
            created(api.post("/v1/sandboxes", "{\"name\": \"two\"}"));
            created(api.post("/v1/networks/nogw/connect", "{\"sandbox\": \"one\"}"));
            created(api.post("/v1/networks/closed/connect", "{\"sandbox\": \"two\"}"));

            assertThat(networksOf(api, "one")).containsExactlyInAnyOrder("nogw", "docker_gwbridge");
            assertThat(Command.check("nsenter", "--net=" + one, "ip", "-j", "route", "show", "default"))
                    .as("the way out is the gateway bridge's").contains("\"dev\":\"eth1\"");
            assertThat(networksOf(api, "two")).as("DisableGatewayService").containsExactly("closed");
            assertThat(api.post("/v1/networks/nogw/disconnect", "{\"sandbox\": \"one\"}").status()).isIn(200, 204);
            assertThat(networksOf(api, "one")).as("the gateway endpoint went with it").isEmpty();
        }
    }

    @Test
    void aPluginGoneWhenJnetdStartsLeavesItsNetworksListedAndUnavailableUntilItComesBack(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Path plugins = host.directory().resolve("plugins");
            DaemonConfig config = host.config().withPlugins(new DaemonConfig.PluginSettings(List.of(plugins), List.of()));
            String one;
            try (TestPlugin plugin = start(ns, plugins, "rp")) {
                Daemon daemon = host.startDaemon(config);
                created(host.client().post("/v1/networks", "{\"name\": \"kept\", \"driver\": \"rp\", \"ipv4\": [{\"subnet\": \"10.67.0.0/24\"}]}"));
                one = created(host.client().post("/v1/sandboxes", "{\"name\": \"one\"}")).path("namespace").asString();
                created(host.client().post("/v1/networks/kept/connect", "{\"sandbox\": \"one\"}"));
                daemon.close();
            }
            Files.deleteIfExists(plugins.resolve("rp.sock"));
            host.startDaemon(config);
            ApiClient api = host.client();
            assertThat(api.get("/v1/networks/kept").status()).as("listed, not deleted").isEqualTo(200);
            assertThat(api.get("/v1/networks/kept").json().path("unavailable").asString()).as("its status says why")
                    .startsWith("plugin rp is not there (looked for ");
            created(api.post("/v1/sandboxes", "{\"name\": \"two\"}"));
            var refused = api.post("/v1/networks/kept/connect", "{\"sandbox\": \"two\"}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.message()).contains("plugin rp is not there");

            try (TestPlugin again = start(ns, plugins, "rp")) {
                String two = api.get("/v1/sandboxes/two").json().path("namespace").asString();
                assertThat(api.get("/v1/networks/kept").json().has("unavailable")).as("back: usable").isFalse();
                created(api.post("/v1/networks/kept/connect", "{\"sandbox\": \"two\"}"));
                assertThat(Traffic.connects(Path.of(two), Path.of(one), InetAddress.getByName("10.67.0.2")))
                        .as("the sandbox joined before the restart still reached over the plugin's network").isTrue();
            }
        }
    }

    @Test
    void aPluginsRefusalGarbageOrSilenceIsAClearErrorNamingItAndLeavesNothingBehind(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns);
             TestPlugin plugin = start(ns, host.directory().resolve("plugins"), "rp")) {
            host.startDaemon(host.config().withPlugins(new DaemonConfig.PluginSettings(
                    List.of(host.directory().resolve("plugins")), List.of(), Duration.ofSeconds(1))));
            ApiClient api = host.client();
            var refused = api.post("/v1/networks", """
                    {"name": "bad", "driver": "rp", "options": {"fail": "NetworkDriver.CreateNetwork"}}""");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.message()).contains("plugin rp refused NetworkDriver.CreateNetwork: refused by the test");
            assertThat(api.get("/v1/networks/bad").status()).isEqualTo(404);

            created(api.post("/v1/networks", """
                    {"name": "odd", "driver": "rp", "options": {"garbage": "NetworkDriver.Join"}}"""));
            created(api.post("/v1/sandboxes", "{\"name\": \"box\"}"));
            var garbled = api.post("/v1/networks/odd/connect", "{\"sandbox\": \"box\"}");
            assertThat(garbled.status()).as(garbled.toString()).isEqualTo(503);
            assertThat(garbled.message()).contains("plugin rp answered NetworkDriver.Join with something that is not JSON");
            assertThat(plugin.callNames()).as("the endpoint the plugin made is deleted again")
                    .endsWith("NetworkDriver.Join", "NetworkDriver.DeleteEndpoint");
            assertThat(api.get("/v1/networks/odd").json().path("endpoints").size()).isZero();

            var viaDocker = host.dockerClient().post("/networks/create", "{\"Name\": \"docked\", \"Driver\": \"rp\"}");
            assertThat(viaDocker.status()).as(viaDocker.toString()).isEqualTo(201);
            assertThat(host.dockerClient().get("/networks/docked").json().path("Driver").asString()).isEqualTo("rp");
            assertThat(host.dockerClient().delete("/networks/docked").status()).isEqualTo(204);
            assertThat(plugin.callNames()).endsWith("NetworkDriver.CreateNetwork", "NetworkDriver.DeleteNetwork");

            created(api.post("/v1/networks", "{\"name\": \"slow\", \"driver\": \"rp\", \"options\": {\"hang\": \"NetworkDriver.Join\"}}"));
            long started = System.nanoTime();
            var hung = api.post("/v1/networks/slow/connect", "{\"sandbox\": \"box\"}");
            assertThat(hung.status()).as(hung.toString()).isEqualTo(503);
            assertThat(hung.message()).contains("plugin rp").contains("did not answer NetworkDriver.Join: no answer within 1000 ms");
            assertThat((System.nanoTime() - started) / 1_000_000).as("within the plugin timeout (1 s), not the plugin's 5 s").isLessThan(4000);
            assertThat(api.get("/v1/networks/slow").json().path("endpoints").size()).isZero();

            var unknown = api.post("/v1/networks", "{\"name\": \"x\", \"driver\": \"nothere\"}");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.message()).contains("network driver 'nothere' not found");
        }
    }
}
