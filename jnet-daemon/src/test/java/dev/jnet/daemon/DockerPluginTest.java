package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jnetd as a Docker network plugin, called as dockerd 20.10 calls a remote driver (the same paths and
 * bodies, in its order), with the test doing dockerd's part in between: moving the interface jnet left in
 * the host namespace into the container's namespace, configuring it, and moving it back before Leave.
 */
@ExtendWith(NetnsExtension.class)
class DockerPluginTest {
    private static final String NET = "a1".repeat(32);
    private static final String EP = "b2".repeat(32);

    private static ApiClient plugin(FakeHost host, Path socket) {
        host.startDaemon(host.config().withDockerPlugin(new DaemonConfig.PluginSocket("jnet", socket)));
        return new ApiClient(socket);
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static void ip(ThrowawayNs ns, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        ns.exec(command.toArray(String[]::new)).orFail(command);
    }

    @Test
    void dockerdsCallsMakeAJnetNetworkAndAnEndpointWhosePortIsPublishedAndThenRemoveThem(ThrowawayNs ns, ThrowawayNs container)
            throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            ApiClient api = plugin(host, host.directory().resolve("plugin.sock"));
            assertThat(ok(api.post("/Plugin.Activate", "")).toString()).isEqualTo("{\"Implements\":[\"NetworkDriver\",\"IpamDriver\"]}");
            assertThat(ok(api.post("/NetworkDriver.GetCapabilities", "")).toString())
                    .isEqualTo("{\"Scope\":\"local\",\"ConnectivityScope\":\"local\"}");
            ok(api.post("/NetworkDriver.CreateNetwork", """
                    {"NetworkID": "%s", "Options": {"com.docker.network.enable_ipv6": false,
                      "com.docker.network.generic": {"com.docker.network.driver.mtu": "1400"}},
                     "IPv4Data": [{"AddressSpace": "LocalDefault", "Pool": "10.77.0.0/24", "Gateway": "10.77.0.1/24",
                                   "AuxAddresses": {}}], "IPv6Data": []}""".formatted(NET)));
            JsonNode network = ok(host.client().get("/v1/networks/docker-" + NET));
            assertThat(network.path("labels").path("dev.jnet.docker.network").asString()).isEqualTo(NET);
            assertThat(network.path("ipam").path("ipv4").get(0).path("gateway").asString()).isEqualTo("10.77.0.1");

            ok(api.post("/NetworkDriver.CreateEndpoint", """
                    {"NetworkID": "%s", "EndpointID": "%s",
                     "Interface": {"Address": "10.77.0.2/24", "AddressIPv6": "", "MacAddress": "02:42:0a:4d:00:02"},
                     "Options": {"com.docker.network.endpoint.exposedports": [{"Proto": 6, "Port": 80}],
                       "com.docker.network.portmap": [{"Proto": 6, "IP": "", "Port": 80, "HostIP": "", "HostPort": 8080,
                                                       "HostPortEnd": 8080}]}}""".formatted(NET, EP)));
            JsonNode joined = ok(api.post("/NetworkDriver.Join", """
                    {"NetworkID": "%s", "EndpointID": "%s", "SandboxKey": "%s", "Options": {}}"""
                    .formatted(NET, EP, container.ns().path())));
            String source = joined.path("InterfaceName").path("SrcName").asString();
            assertThat(joined.path("InterfaceName").path("DstPrefix").asString()).isEqualTo("eth");
            assertThat(joined.path("Gateway").asString()).isEqualTo("10.77.0.1");
            assertThat(ns.ipLinkNames()).contains(source);
            assertThat(ns.ipLink(source).path("address").asString()).isEqualTo("02:42:0a:4d:00:02");
            assertThat(ns.ipLink(source).path("mtu").asInt()).isEqualTo(1400);
            JsonNode sandbox = ok(host.client().get("/v1/sandboxes/docker-" + EP));
            assertThat(sandbox.path("namespace").asString()).isEqualTo(container.ns().path().toString());
            ok(api.post("/NetworkDriver.ProgramExternalConnectivity", """
                    {"NetworkID": "%s", "EndpointID": "%s", "Options": {}}""".formatted(NET, EP)));
            assertThat(ok(api.post("/NetworkDriver.EndpointOperInfo", """
                    {"NetworkID": "%s", "EndpointID": "%s"}""".formatted(NET, EP))).toString()).isEqualTo("{\"Value\":{}}");

            // dockerd's part: move the interface in, rename it, configure it.
            ip(ns, "link", "set", source, "netns", container.ns().path().toString());
            ip(container, "link", "set", source, "name", "eth0");
            ip(container, "addr", "add", "10.77.0.2/24", "dev", "eth0");
            ip(container, "link", "set", "eth0", "up");
            ip(container, "link", "set", "lo", "up");
            ip(container, "route", "add", "default", "via", "10.77.0.1");
            ns.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
            assertThat(reaches(ns, container, 80, "127.0.0.1", 8080)).as("the published port, from the host").isTrue();

            // dockerd's part on stop: the interface goes back to the host under its first name, then Leave.
            ip(container, "link", "set", "eth0", "down");
            ip(container, "link", "set", "eth0", "name", source);
            ip(container, "link", "set", source, "netns", ns.ns().path().toString());
            ok(api.post("/NetworkDriver.RevokeExternalConnectivity", """
                    {"NetworkID": "%s", "EndpointID": "%s"}""".formatted(NET, EP)));
            ok(api.post("/NetworkDriver.Leave", """
                    {"NetworkID": "%s", "EndpointID": "%s"}""".formatted(NET, EP)));
            ok(api.post("/NetworkDriver.DeleteEndpoint", """
                    {"NetworkID": "%s", "EndpointID": "%s"}""".formatted(NET, EP)));
            assertThat(ns.ipLinkNames()).doesNotContain(source);
            assertThat(host.client().get("/v1/sandboxes/docker-" + EP).status()).isEqualTo(404);
            assertThat(container.ipLinkNames()).containsExactly("lo");
            ok(api.post("/NetworkDriver.DeleteNetwork", "{\"NetworkID\": \"" + NET + "\"}"));
            assertThat(host.client().get("/v1/networks/docker-" + NET).status()).isEqualTo(404);
        }
    }

    @Test
    void errorsAreInDockersPluginShapeAndLeaveNothingBehind(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            ApiClient api = plugin(host, host.directory().resolve("plugin.sock"));
            ApiClient.Response unknown = api.post("/NetworkDriver.AllocateNetwork", "{}");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("Err").asString()).contains("does not implement /NetworkDriver.AllocateNetwork");

            ApiClient.Response bad = api.post("/NetworkDriver.CreateNetwork", """
                    {"NetworkID": "%s", "Options": {"com.docker.network.generic": {"com.docker.network.bridge.enable_icc": "sometimes"}},
                     "IPv4Data": [{"AddressSpace": "LocalDefault", "Pool": "10.78.0.0/24", "Gateway": "10.78.0.1/24"}]}"""
                    .formatted(NET));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("Err").asString()).contains("enable_icc must be true or false");
            assertThat(host.client().get("/v1/networks/docker-" + NET).status()).isEqualTo(404);

            ApiClient.Response join = api.post("/NetworkDriver.Join", """
                    {"NetworkID": "%s", "EndpointID": "%s", "SandboxKey": "/nowhere"}""".formatted(NET, EP));
            assertThat(join.status()).isEqualTo(404);
            assertThat(join.json().path("Err").asString()).contains("is not a network of jnet's Docker plugin");
        }
    }

    /** Whether a TCP connection from {@code client} to {@code address:port} reaches a listener on {@code listenPort} in {@code server}. */
    private static boolean reaches(ThrowawayNs client, ThrowawayNs server, int listenPort, String address, int port) throws Exception {
        try (ServerSocket listener = TestKernel.executor().call(server.ns(), () -> new ServerSocket(listenPort, 4))) {
            CompletableFuture<Boolean> accepted = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            TestKernel.executor().call(client.ns(), () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), 2000);
                }
                return null;
            });
            return accepted.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void dockerdsIpamCallsGetJnetsSubnetsAndAddressesHeldUntilTheNetworkAndTheJoinTakeThem(ThrowawayNs ns, ThrowawayNs container) {
        try (FakeHost host = new FakeHost(ns)) {
            ApiClient api = plugin(host, host.directory().resolve("plugin.sock"));
            assertThat(ok(api.post("/IpamDriver.GetCapabilities", "")).toString())
                    .isEqualTo("{\"RequiresMACAddress\":false,\"RequiresRequestReplay\":false}");
            JsonNode pool = ok(api.post("/IpamDriver.RequestPool", "{\"AddressSpace\": \"local\", \"Pool\": \"10.79.0.0/24\"}"));
            assertThat(pool.path("PoolID").asString()).isEqualTo("jnet/10.79.0.0/24");
            assertThat(ok(api.post("/IpamDriver.RequestPool", "{\"AddressSpace\": \"local\", \"Pool\": \"10.79.0.0/24\"}"))
                    .path("PoolID").asString()).as("the same request, the same pool").isEqualTo("jnet/10.79.0.0/24");
            ApiClient.Response held = host.client().post("/v1/networks", "{\"name\": \"x\", \"ipv4\": [{\"subnet\": \"10.79.0.0/25\"}]}");
            assertThat(held.status()).as("the pool is held: " + held).isEqualTo(409);
            JsonNode auto = ok(api.post("/IpamDriver.RequestPool", "{\"AddressSpace\": \"local\"}"));
            assertThat(auto.path("Pool").asString()).as("a subnet jnet chose").isNotEqualTo("10.79.0.0/24").endsWith("/16");

            String gateway = ok(api.post("/IpamDriver.RequestAddress", """
                    {"PoolID": "jnet/10.79.0.0/24", "Options": {"RequestAddressType": "com.docker.network.gateway"}}"""))
                    .path("Address").asString();
            assertThat(gateway).isEqualTo("10.79.0.1/24");
            ApiClient.Response early = api.post("/IpamDriver.RequestAddress", "{\"PoolID\": \"jnet/10.79.0.0/24\"}");
            assertThat(early.status()).as("no network of the pool yet").isEqualTo(404);
            ok(api.post("/NetworkDriver.CreateNetwork", """
                    {"NetworkID": "%s", "Options": {}, "IPv4Data": [{"AddressSpace": "local", "Pool": "10.79.0.0/24",
                     "Gateway": "10.79.0.1/24"}], "IPv6Data": []}""".formatted(NET)));
            String address = ok(api.post("/IpamDriver.RequestAddress", "{\"PoolID\": \"jnet/10.79.0.0/24\"}")).path("Address").asString();
            assertThat(address).isEqualTo("10.79.0.2/24");
            assertThat(ok(api.post("/IpamDriver.RequestAddress", "{\"PoolID\": \"jnet/10.79.0.0/24\"}")).path("Address").asString())
                    .as("the first is held").isEqualTo("10.79.0.3/24");
            ok(api.post("/IpamDriver.ReleaseAddress", "{\"PoolID\": \"jnet/10.79.0.0/24\", \"Address\": \"10.79.0.3\"}"));

            ok(api.post("/NetworkDriver.CreateEndpoint", """
                    {"NetworkID": "%s", "EndpointID": "%s", "Interface": {"Address": "10.79.0.2/24"}, "Options": {}}"""
                    .formatted(NET, EP)));
            ok(api.post("/NetworkDriver.Join", """
                    {"NetworkID": "%s", "EndpointID": "%s", "SandboxKey": "%s", "Options": {}}"""
                    .formatted(NET, EP, container.ns().path())));
            JsonNode endpoint = host.client().get("/v1/sandboxes/docker-" + EP).json().path("endpoints").get(0);
            assertThat(endpoint.path("ipv4").asString()).as("the join takes the held address").isEqualTo("10.79.0.2/24");
            assertThat(ok(api.post("/IpamDriver.RequestAddress", "{\"PoolID\": \"jnet/10.79.0.0/24\"}")).path("Address").asString())
                    .as("the released one is free again").isEqualTo("10.79.0.3/24");

            ApiClient.Response subPool = api.post("/IpamDriver.RequestPool", "{\"SubPool\": \"10.80.0.0/25\"}");
            assertThat(subPool.status()).isEqualTo(400);
            assertThat(subPool.json().path("Err").asString()).contains("needs a Pool");
            ApiClient.Response foreign = api.post("/IpamDriver.RequestAddress", "{\"PoolID\": \"other-pool\"}");
            assertThat(foreign.json().path("Err").asString()).contains("is not one of jnet's");
            ok(api.post("/IpamDriver.ReleasePool", "{\"PoolID\": \"" + auto.path("PoolID").asString() + "\"}"));
            assertThat(host.client().post("/v1/networks", "{\"name\": \"y\", \"ipv4\": [{\"subnet\": \""
                    + auto.path("Pool").asString() + "\"}]}").status()).as("a released pool is free").isEqualTo(201);
        }
    }
}
