package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.Traffic;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every route of the native API, served by a jnetd running in this JVM inside a fake host. */
@ExtendWith(NetnsExtension.class)
class NativeApiTest {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    static JsonNode ok(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.body().isEmpty() ? null : response.json();
    }

    static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.path("name").asString()));
        return names;
    }

    @Test
    void pingAnswersOkAsPlainTextAndInfoDescribesTheDaemon(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            ApiClient.Response ping = api.get("/v1/_ping");
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("OK");
            assertThat(ping.headers().get("content-type")).startsWith("text/plain");

            JsonNode info = ok(api.get("/v1/info"), 200);
            assertThat(info.propertyNames()).containsExactly("version", "stateDirectory", "runDirectory", "networks",
                    "sandboxes", "endpoints", "drivers", "driftRepairs", "foreignFirewall");
            assertThat(info.path("driftRepairs").asLong()).isZero();
            assertThat(info.path("foreignFirewall").path("mode").asString()).isEqualTo("insert");
            assertThat(info.path("foreignFirewall").path("drops").isEmpty()).as("no other firewall in the fake host").isTrue();
            assertThat(info.path("stateDirectory").asString()).isEqualTo(host.stateDirectory().toString());
            assertThat(info.path("runDirectory").asString()).isEqualTo(host.runDirectory().toString());
            assertThat(info.path("networks").asInt()).isEqualTo(3);
            assertThat(info.path("sandboxes").asInt()).isZero();
            assertThat(info.path("drivers").toString()).isEqualTo("[\"bridge\",\"cni\",\"host\",\"ipvlan\",\"macvlan\",\"null\"]");
        }
    }

    @Test
    void aNetworkIsCreatedInspectedByNameIdOrPrefixListedByNameAndDeleted(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            JsonNode created = ok(api.post("/v1/networks", """
                    {"name": "web", "driver": "bridge",
                     "ipv4": [{"subnet": "10.1.0.0/24", "ipRange": "10.1.0.128/25", "gateway": "10.1.0.254",
                               "auxAddresses": {"router": "10.1.0.253"}}],
                     "options": {"com.docker.network.bridge.name": "br-web"}, "labels": {"team": "a"},
                     "internal": false, "attachable": true}"""), 201);

            assertThat(created.propertyNames()).containsExactly("id", "name", "driver", "scope", "created", "internal",
                    "attachable", "ipv4Enabled", "ipv6Enabled", "ipam", "options", "driverData", "labels", "endpoints");
            String id = created.path("id").asString();
            assertThat(id).matches("[0-9a-f]{64}");
            assertThat(created.path("scope").asString()).isEqualTo("local");
            assertThat(created.path("created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(created.path("attachable").asBoolean()).isTrue();
            assertThat(created.path("ipv4Enabled").asBoolean()).isTrue();
            assertThat(created.path("ipv6Enabled").asBoolean()).isFalse();
            assertThat(created.path("ipam").toString()).isEqualTo("{\"driver\":\"default\",\"options\":{},\"ipv4\":[{\"subnet\":\"10.1.0.0/24\","
                    + "\"ipRange\":\"10.1.0.128/25\",\"gateway\":\"10.1.0.254\",\"auxAddresses\":{\"router\":\"10.1.0.253\"}}],"
                    + "\"ipv6\":[]}");
            assertThat(created.path("options").toString()).isEqualTo("{\"com.docker.network.bridge.name\":\"br-web\"}");
            assertThat(created.path("labels").toString()).isEqualTo("{\"team\":\"a\"}");
            assertThat(created.path("endpoints").isEmpty()).isTrue();
            assertThat(ns.ipLink("br-web").path("linkinfo").path("info_kind").asString()).isEqualTo("bridge");

            assertThat(ok(api.get("/v1/networks/web"), 200)).isEqualTo(created);
            assertThat(ok(api.get("/v1/networks/" + id), 200)).isEqualTo(created);
            assertThat(ok(api.get("/v1/networks/" + id.substring(0, 12)), 200)).isEqualTo(created);
            assertThat(names(ok(api.get("/v1/networks"), 200))).containsExactly("bridge", "host", "none", "web");

            ApiClient.Response deleted = api.delete("/v1/networks/web");
            assertThat(deleted.status()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();
            assertThat(api.get("/v1/networks/web").status()).isEqualTo(404);
            assertThat(ns.ipLink("br-web").isMissingNode()).isTrue();
        }
    }

    @Test
    void theDefaultSubnetIsChosenByJnetAndIpv6IsOnlyThereWhenAsked(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            JsonNode plain = ok(api.post("/v1/networks", "{\"name\": \"plain\"}"), 201);
            JsonNode dual = ok(api.post("/v1/networks", "{\"name\": \"dual\", \"ipv6Enabled\": true}"), 201);
            JsonNode given = ok(api.post("/v1/networks", "{\"name\": \"given\", \"ipv6\": [{\"subnet\": \"fd00:1::/64\"}]}"), 201);

            assertThat(plain.path("ipam").path("ipv4").get(0).path("subnet").asString()).isEqualTo("172.18.0.0/16");
            assertThat(plain.path("ipam").path("ipv6").isEmpty()).isTrue();
            assertThat(dual.path("ipv6Enabled").asBoolean()).isTrue();
            assertThat(dual.path("ipam").path("ipv6").get(0).path("subnet").asString()).startsWith("fd").endsWith("::/64");
            assertThat(given.path("ipv6Enabled").asBoolean()).as("implied by an IPv6 subnet").isTrue();
            assertThat(given.path("ipam").path("ipv6").get(0).path("gateway").asString()).isEqualTo("fd00:1::1");
        }
    }

    @Test
    void connectAnswersTheEndpointAndTheSandboxesTalkThenDisconnectRemovesIt(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            String net = ok(api.post("/v1/networks", "{\"name\": \"n1\", \"ipv4\": [{\"subnet\": \"10.9.0.0/24\"}]}"), 201)
                    .path("id").asString();
            JsonNode a = ok(api.post("/v1/sandboxes", "{\"name\": \"a\"}"), 201);
            JsonNode b = ok(api.post("/v1/sandboxes", "{\"name\": \"b\"}"), 201);

            JsonNode ea = ok(api.post("/v1/networks/n1/connect", """
                    {"sandbox": "a", "ipv4": "10.9.0.7", "aliases": ["db"], "mac": "02:42:0a:09:00:99",
                     "driverOptions": {}}"""), 201);
            JsonNode eb = ok(api.post("/v1/networks/" + net + "/connect", "{\"sandbox\": \"" + b.path("id").asString() + "\"}"), 201);

            assertThat(ea.propertyNames()).containsExactly("id", "name", "network", "sandbox", "interface", "ipv4", "ipv6",
                    "mac", "aliases", "driverOptions", "ports");
            assertThat(ea.path("name").asString()).isEqualTo("a");
            assertThat(ea.path("network").asString()).isEqualTo(net);
            assertThat(ea.path("sandbox").asString()).isEqualTo(a.path("id").asString());
            assertThat(ea.path("interface").asString()).isEqualTo("eth0");
            assertThat(ea.path("ipv4").asString()).isEqualTo("10.9.0.7/24");
            assertThat(ea.path("ipv6").isNull()).isTrue();
            assertThat(ea.path("mac").asString()).isEqualTo("02:42:0a:09:00:99");
            assertThat(ea.path("aliases").toString()).isEqualTo("[\"db\"]");
            assertThat(eb.path("ipv4").asString()).isEqualTo("10.9.0.2/24");
            assertThat(eb.path("mac").asString()).isEqualTo("02:42:0a:09:00:02");

            JsonNode network = ok(api.get("/v1/networks/n1"), 200);
            assertThat(names(network.path("endpoints"))).containsExactly("a", "b");
            JsonNode sandboxA = ok(api.get("/v1/sandboxes/a"), 200);
            assertThat(sandboxA.path("endpoints").get(0)).isEqualTo(ea);
            Path namespaceA = Path.of(sandboxA.path("namespace").asString());
            Path namespaceB = Path.of(b.path("namespace").asString());
            assertThat(Traffic.connects(namespaceA, namespaceB, Cidr.parseAddress("10.9.0.2"))).isTrue();
            assertThat(Traffic.connects(namespaceB, namespaceA, Cidr.parseAddress("10.9.0.7"))).isTrue();

            ApiClient.Response left = api.post("/v1/networks/n1/disconnect", "{\"sandbox\": \"b\", \"force\": false}");
            assertThat(left.status()).isEqualTo(204);
            assertThat(left.body()).isEmpty();
            assertThat(ok(api.get("/v1/sandboxes/b"), 200).path("endpoints").isEmpty()).isTrue();
            assertThat(names(ok(api.get("/v1/networks/n1"), 200).path("endpoints"))).containsExactly("a");
            assertThat(api.post("/v1/networks/n1/disconnect", "{\"sandbox\": \"b\"}").status()).isEqualTo(404);
        }
    }

    @Test
    void aSandboxIsCreatedWithItsDnsAndHostsSettingsAndRemovedWithItsEndpoints(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            JsonNode created = ok(api.post("/v1/sandboxes", """
                    {"name": "client", "hostname": "client", "hostNetwork": false,
                     "dns": {"servers": ["192.0.2.53"], "search": ["example.com"], "options": ["ndots:2"]},
                     "extraHosts": ["db.local:192.0.2.9", "v6.local:2001:db8::9"]}"""), 201);

            assertThat(created.propertyNames()).containsExactly("id", "name", "hostname", "namespace", "hostNetwork",
                    "created", "dns", "extraHosts", "hostsPath", "resolvConfPath", "endpoints", "ownerPid", "runtime");
            assertThat(created.path("ownerPid").isNull()).as("a sandbox without an owner").isTrue();
            String id = created.path("id").asString();
            assertThat(created.path("hostname").asString()).isEqualTo("client");
            assertThat(created.path("namespace").asString())
                    .isEqualTo(host.runDirectory().resolve("netns").resolve(id.substring(0, 12)).toString());
            assertThat(created.path("dns").toString()).isEqualTo("{\"servers\":[\"192.0.2.53\"],\"search\":[\"example.com\"],"
                    + "\"options\":[\"ndots:2\"]}");
            assertThat(created.path("extraHosts").toString()).isEqualTo("[{\"name\":\"db.local\",\"address\":\"192.0.2.9\"},"
                    + "{\"name\":\"v6.local\",\"address\":\"2001:db8::9\"}]");
            Path sandboxFiles = host.stateDirectory().resolve("sandboxes").resolve(id);
            assertThat(created.path("hostsPath").asString()).isEqualTo(sandboxFiles.resolve("hosts").toString());
            assertThat(Files.readString(Path.of(created.path("resolvConfPath").asString())))
                    .contains("nameserver 192.0.2.53", "search example.com", "options ndots:2");
            assertThat(host.namespaceFiles()).containsExactly(id.substring(0, 12));

            ok(api.post("/v1/networks", "{\"name\": \"n1\"}"), 201);
            ok(api.post("/v1/networks/n1/connect", "{\"sandbox\": \"client\"}"), 201);
            assertThat(Files.readString(sandboxFiles.resolve("hosts"))).contains("172.18.0.2\tclient", "192.0.2.9\tdb.local");

            assertThat(api.delete("/v1/sandboxes/client").status()).isEqualTo(204);
            assertThat(api.get("/v1/sandboxes/client").status()).isEqualTo(404);
            assertThat(ok(api.get("/v1/networks/n1"), 200).path("endpoints").isEmpty()).isTrue();
            assertThat(host.namespaceFiles()).isEmpty();
            assertThat(sandboxFiles).doesNotExist();
            assertThat(host.jnetLinks()).extracting(l -> l.path("ifname").asString())
                    .as("only the network's bridge is left").hasSize(2); // jnet0 and n1's bridge
        }
    }

    @Test
    void aSandboxWithoutABodyGetsANameAndTheHostsNamespaceWhenItSharesIt(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            JsonNode anonymous = ok(api.post("/v1/sandboxes", null), 201);
            assertThat(anonymous.path("name").asString()).isEqualTo("sb-" + anonymous.path("id").asString().substring(0, 12));
            JsonNode shared = ok(api.post("/v1/sandboxes", "{\"name\": \"shared\", \"hostNetwork\": true}"), 201);
            assertThat(shared.path("hostNetwork").asBoolean()).isTrue();
            assertThat(ok(api.post("/v1/networks/host/connect", "{\"sandbox\": \"shared\"}"), 201).path("ipv4").isNull()).isTrue();
            assertThat(names(ok(api.get("/v1/sandboxes"), 200))).containsExactly(anonymous.path("name").asString(), "shared");
        }
    }

    @Test
    void aSandboxIsHandedToAnotherOwnerProcessAndRemovedWhenThatEnds(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            ok(api.post("/v1/sandboxes", "{\"name\": \"s\", \"ownerPid\": " + ProcessHandle.current().pid() + "}"), 201);
            Process sleeper = new ProcessBuilder("sleep", "60").start();
            try {
                assertThat(api.request("PUT", "/v1/sandboxes/s/owner", "{\"pid\": " + sleeper.pid() + "}").status())
                        .isEqualTo(204);
                assertThat(ok(api.get("/v1/sandboxes/s"), 200).path("ownerPid").asLong()).isEqualTo(sleeper.pid());
                ApiClient.Response none = api.request("PUT", "/v1/sandboxes/s/owner", "{}");
                assertThat(none.status()).isEqualTo(400);
                assertThat(none.message()).isEqualTo("pid is required: the process the sandbox is to live for");
                ApiClient.Response gone = api.request("PUT", "/v1/sandboxes/s/owner", "{\"pid\": 0}");
                assertThat(gone.status()).isEqualTo(400);
                assertThat(gone.message()).isEqualTo("owner pid 0 is not a running process on jnetd's machine");
                assertThat(api.request("PUT", "/v1/sandboxes/nope/owner", "{\"pid\": 1}").status()).isEqualTo(404);
                assertThat(ok(api.get("/v1/sandboxes/s"), 200).path("ownerPid").asLong())
                        .as("a refused change keeps the owner").isEqualTo(sleeper.pid());
            } finally {
                sleeper.destroyForcibly().waitFor();
            }
            int status = 200;
            for (int i = 0; i < 100 && status == 200; i++) {
                Thread.sleep(100);
                status = api.get("/v1/sandboxes/s").status();
            }
            assertThat(status).as("removed once its new owner ended").isEqualTo(404);
        }
    }

    @Test
    void pruneRemovesUnusedUserNetworksWhoseLabelsMatch(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            ok(api.post("/v1/networks", "{\"name\": \"a1\", \"labels\": {\"team\": \"a\"}}"), 201);
            ok(api.post("/v1/networks", "{\"name\": \"a2\", \"labels\": {\"team\": \"a\", \"tier\": \"db\"}}"), 201);
            ok(api.post("/v1/networks", "{\"name\": \"b1\", \"labels\": {\"team\": \"b\"}}"), 201);
            ok(api.post("/v1/networks", "{\"name\": \"used\", \"labels\": {\"team\": \"a\"}}"), 201);
            ok(api.post("/v1/sandboxes", "{\"name\": \"s\"}"), 201);
            ok(api.post("/v1/networks/used/connect", "{\"sandbox\": \"s\"}"), 201);

            assertThat(ok(api.post("/v1/networks/prune", "{\"labels\": {\"tier\": \"\"}}"), 200).toString())
                    .isEqualTo("{\"removed\":[\"a2\"]}");
            assertThat(ok(api.post("/v1/networks/prune", "{\"labels\": {\"team\": \"a\"}}"), 200).toString())
                    .isEqualTo("{\"removed\":[\"a1\"]}");
            assertThat(ok(api.post("/v1/networks/prune", null), 200).toString()).isEqualTo("{\"removed\":[\"b1\"]}");
            assertThat(names(ok(api.get("/v1/networks"), 200))).containsExactly("bridge", "host", "none", "used");
        }
    }

    @Test
    void listAndPruneTakeDockersFiltersAndAgreeWithTheDockerApi(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            ApiClient docker = host.dockerClient();
            ok(api.post("/v1/networks", "{\"name\": \"web\", \"labels\": {\"team\": \"a\"}}"), 201);
            ok(api.post("/v1/networks", "{\"name\": \"web2\"}"), 201);
            ok(api.post("/v1/networks", "{\"name\": \"db\", \"labels\": {\"team\": \"b\"}}"), 201);
            ok(api.post("/v1/sandboxes", "{\"name\": \"s\"}"), 201);
            ok(api.post("/v1/networks/db/connect", "{\"sandbox\": \"s\"}"), 201);
            for (String[] filter : List.of(
                    new String[] {"{\"name\":{\"^we\":true}}", "web", "web2"},
                    new String[] {"{\"name\":{\"^d\":true,\"host\":true}}", "db", "host"},
                    new String[] {"{\"type\":{\"builtin\":true}}", "bridge", "host", "none"},
                    new String[] {"{\"type\":{\"custom\":true},\"dangling\":{\"true\":true}}", "web", "web2"},
                    new String[] {"{\"dangling\":[\"false\"]}", "bridge", "db", "host", "none"},
                    new String[] {"{\"label\":{\"team\":true},\"driver\":{\"bridge\":true}}", "db", "web"})) {
                String query = "?filters=" + java.net.URLEncoder.encode(filter[0], java.nio.charset.StandardCharsets.UTF_8);
                List<String> wanted = List.of(filter).subList(1, filter.length);
                assertThat(names(ok(api.get("/v1/networks" + query), 200))).as(filter[0]).containsExactlyElementsOf(wanted);
                assertThat(dockerNames(ok(docker.get("/v1.50/networks" + query), 200))).as("Docker API: " + filter[0])
                        .containsExactlyInAnyOrderElementsOf(wanted);
            }
            JsonNode dockerShape = ok(api.get("/v1/networks/web?format=docker"), 200);
            assertThat(dockerShape).as("the object the Docker API answers")
                    .isEqualTo(ok(docker.get("/v1.50/networks/web"), 200));
            assertThat(dockerShape.path("Labels").path("team").asString()).isEqualTo("a");
            assertThat(api.get("/v1/networks/web?format=yaml").status()).isEqualTo(400);
            ok(api.post("/v1/sandboxes", "{\"name\": \"t2\"}"), 201);
            for (String[] filter : List.of(new String[] {"{\"name\":{\"^s$\":true}}", "s"},
                    new String[] {"{\"network\":{\"db\":true}}", "s"}, new String[] {"{\"name\":{\"t\":true}}", "t2"},
                    new String[] {"{\"network\":{\"web\":true}}"})) {
                String query = "?filters=" + java.net.URLEncoder.encode(filter[0], java.nio.charset.StandardCharsets.UTF_8);
                assertThat(names(ok(api.get("/v1/sandboxes" + query), 200))).as("sandboxes " + filter[0])
                        .containsExactlyElementsOf(List.of(filter).subList(1, filter.length));
            }
            assertThat(api.get("/v1/sandboxes?filters=%7B%22label%22%3A%7B%22x%22%3Atrue%7D%7D").status()).isEqualTo(400);
            ApiClient.Response unknown = api.get("/v1/networks?filters=%7B%22colour%22%3A%7B%22x%22%3Atrue%7D%7D");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().path("message").asString()).isEqualTo("invalid filter 'colour'");

            String notTeamA = java.net.URLEncoder.encode("{\"label!\":{\"team=a\":true},\"until\":{\"0s\":true}}",
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(ok(api.post("/v1/networks/prune?filters=" + notTeamA, null), 200).toString())
                    .isEqualTo("{\"removed\":[\"web2\"]}");
            String future = java.net.URLEncoder.encode("{\"until\":{\"-1h\":true}}", java.nio.charset.StandardCharsets.UTF_8);
            assertThat(ok(api.post("/v1/networks/prune?filters=" + future, "{\"labels\": {\"team\": \"a\"}}"), 200)
                    .toString()).isEqualTo("{\"removed\":[\"web\"]}");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a stream that never answers fails the test instead of hanging it
    void eventsStreamChangesAsTheyHappenAndStoppingJnetdEndsTheStreamAtOnce(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            dev.jnet.daemon.Daemon daemon = host.startDaemon();
            ApiClient api = host.client();
            ok(api.post("/v1/networks", "{\"name\": \"before\"}"), 201);
            String past = ok0(api.get("/v1/events?since=1h&until=0s&filters=" + java.net.URLEncoder.encode(
                    "{\"type\":{\"network\":true}}", java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(past.lines().map(l -> JSON.readTree(l).path("actor").path("name").asString()).toList())
                    .contains("before").doesNotContain("");

            try (java.nio.channels.SocketChannel stream = java.nio.channels.SocketChannel.open(
                    java.net.UnixDomainSocketAddress.of(host.socket()))) {
                stream.write(java.nio.ByteBuffer.wrap("GET /v1/events HTTP/1.1\r\nHost: jnet\r\n\r\n".getBytes()));
                java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                        java.nio.channels.Channels.newInputStream(stream), java.nio.charset.StandardCharsets.UTF_8));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                List<String> headers = new java.util.ArrayList<>();
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    headers.add(line.toLowerCase());
                }
                assertThat(headers).noneMatch(h -> h.startsWith("content-length"))
                        .as("the connection ends with the stream, so none is left to hold a stopping jnetd")
                        .contains("connection: close");
                ok(api.post("/v1/networks", "{\"name\": \"during\"}"), 201);
                in.readLine(); // the chunk's size
                JsonNode event = JSON.readTree(in.readLine());
                assertThat(event.path("type").asString() + " " + event.path("action").asString() + " "
                        + event.path("actor").path("name").asString()).isEqualTo("network create during");

                long start = System.nanoTime();
                daemon.close();
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(tookMs).as("the stream ended at once; it did not hold jnetd for its grace period").isLessThan(3000);
                StringBuilder rest = new StringBuilder();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    rest.append(line).append('\n');
                }
                assertThat(rest.toString()).as("the stream's last chunk").contains("0\n");
            }
        }
    }

    @Test
    void metricsAreThePrometheusTextFormatAndCountWhatHappened(ThrowawayNs ns) throws Exception {
        java.nio.file.Path python = java.nio.file.Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.jnet.kernel.testing.Command.run(python.toString(), "-c",
                "import prometheus_client.parser").exitCode() == 0,
                "needs Debian's python3-prometheus-client (bin/test-all installs it): its parser reads the metrics");
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            ok(api.post("/v1/networks", "{\"name\": \"measured\"}"), 201);
            String sandbox = ok(api.post("/v1/sandboxes", "{\"name\": \"m\"}"), 201).path("namespace").asString();
            ok(api.post("/v1/networks/measured/connect", "{\"sandbox\": \"m\"}"), 201);
            assertThat(api.get("/v1/networks/nope").status()).isEqualTo(404);
            var dig = dev.jnet.kernel.testing.Command.run("nsenter", "--net=" + sandbox, "dig", "+time=3", "+tries=1",
                    "+short", "@127.0.0.11", "m");
            assertThat(dig.stdout()).as(dig.stderr()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+\n");
            assertThat(host.dockerClient().get("/v1.50/networks").status()).isEqualTo(200);
            ApiClient.Response scraped = api.get("/metrics");
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.headers().get("content-type")).startsWith("text/plain");

            Path text = Files.writeString(host.directory().resolve("metrics.txt"), scraped.body());
            String parse = """
                    import json, sys
                    from prometheus_client.parser import text_string_to_metric_families
                    out = {}
                    for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                        for s in family.samples:
                            key = s.name + "".join(sorted("," + k + "=" + v for k, v in s.labels.items()))
                            out[key] = s.value
                    print(json.dumps(out))
                    """;
            var parsed = dev.jnet.kernel.testing.Command.run(python.toString(), "-c", parse, text.toString());
            assertThat(parsed.exitCode()).as(parsed.stderr()).isZero();
            JsonNode samples = JSON.readTree(parsed.stdout());
            assertThat(samples.path("jnet_networks").asDouble()).isEqualTo(4);
            assertThat(samples.path("jnet_sandboxes").asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_endpoints").asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_events_total,action=connect,type=network").asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_api_requests_total,api=native,method=POST,route=/v1/networks,status=201").asDouble())
                    .isEqualTo(1);
            assertThat(samples.path("jnet_api_requests_total,api=native,method=GET,route=/v1/networks/{ref},status=404")
                    .asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_api_requests_total,api=docker,method=GET,route=/networks,status=200").asDouble())
                    .isEqualTo(1);
            assertThat(samples.path("jnet_api_request_duration_seconds_count,api=native,method=POST,route=/v1/networks/{ref}/connect,status=201")
                    .asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_api_request_duration_seconds_bucket,api=native,le=+Inf,method=POST,route=/v1/networks/{ref}/connect,status=201")
                    .asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_dns_queries_total").asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_dns_answer_duration_seconds_count,answer=local").asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_dns_answer_duration_seconds_bucket,answer=local,le=0.1").asDouble()).isEqualTo(1);
            assertThat(samples.path("jnet_dns_answer_duration_seconds_count,answer=forwarded").asDouble()).isZero();
            assertThat(samples.path("jnet_store_write_duration_seconds_count").asDouble())
                    .as("the network, the sandbox and the endpoint, each written durably").isGreaterThanOrEqualTo(3);
            assertThat(samples.path("jnet_store_write_duration_seconds_sum").asDouble()).isPositive();
            assertThat(samples.path("process_resident_memory_bytes").asDouble()).isGreaterThan(10_000_000);
        }
    }

    @Test
    void metricsAlsoGoToATcpListenerOnLoopbackInJnetdsHostWhenAsked(ThrowawayNs ns) {
        ns.exec("ip", "link", "set", "lo", "up"); // as on a real host
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon(host.config().withMetricsAddress("127.0.0.1:19323"));
            ok(host.client().post("/v1/networks", "{\"name\": \"scraped\"}"), 201);
            assertThat(ns.exec("ss", "-Hltn").stdout()).as("the socket is in jnetd's host namespace")
                    .contains("127.0.0.1:19323");
            var scrape = ns.exec("curl", "-sS", "-D", "-", "http://127.0.0.1:19323/metrics");
            assertThat(scrape.stdout()).as(scrape.stderr()).startsWith("HTTP/1.1 200")
                    .containsIgnoringCase("content-type: text/plain; version=0.0.4").contains("\njnet_networks 4.0\n");
            assertThat(ns.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:19323/v1/networks")
                    .stdout()).isEqualTo("404");
            assertThat(ns.exec("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                    "http://127.0.0.1:19323/metrics").stdout()).isEqualTo("405");
        }
        assertThat(ns.exec("ss", "-Hltn").stdout()).as("closed with jnetd").doesNotContain("127.0.0.1:19323");
    }

    @Test
    void aMetricsAddressInUseStopsTheStartAndLeavesNothingOpen(ThrowawayNs ns) throws Exception {
        ns.exec("ip", "link", "set", "lo", "up");
        try (var taken = ns.call(() -> new java.net.ServerSocket(19324, 1, java.net.InetAddress.getByName("127.0.0.1")));
             FakeHost host = new FakeHost(ns)) {
            assertThatThrownBy(() -> host.startDaemon(host.config().withMetricsAddress("127.0.0.1:19324")))
                    .hasMessage("cannot serve metrics on 127.0.0.1:19324: java.net.BindException: Address already in use");
            assertThat(Files.exists(host.socket())).isFalse();
            host.startDaemon(); // the state directory's lock was let go
            assertThat(host.client().get("/v1/_ping").status()).isEqualTo(200);
        }
    }

    private static String ok0(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.body();
    }

    private static List<String> dockerNames(JsonNode networks) {
        List<String> names = new java.util.ArrayList<>();
        networks.forEach(n -> names.add(n.path("Name").asString()));
        return names;
    }

    @Test
    void aDeletedBridgeComesBackByItselfAndReconcileReportsWhatItRemoved(ThrowawayNs ns) throws InterruptedException {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            ok(api.post("/v1/networks", "{\"name\": \"n1\", \"options\": {\"com.docker.network.bridge.name\": \"br-n1\"}}"), 201);
            assertThat(ok(api.post("/v1/system/reconcile", null), 200).toString()).isEqualTo(
                    "{\"networksRecreated\":0,\"namespacesRecreated\":0,\"endpointsRejoined\":0,\"removed\":[],\"problems\":[]}");
            ns.exec("ip", "link", "del", "br-n1");
            for (int i = 0; i < 100 && ok(api.get("/v1/info"), 200).path("driftRepairs").asLong() == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(ok(api.get("/v1/info"), 200).path("driftRepairs").asLong()).isEqualTo(1);
            assertThat(ns.ipLink("br-n1").isMissingNode()).as("repaired by jnetd itself").isFalse();

            // A jnet-marked link that nothing records is not drift jnetd repairs by itself: reconcile removes it.
            ns.exec("ip", "link", "add", "stray0", "type", "bridge");
            ns.exec("ip", "link", "set", "stray0", "alias", "jnet:network:" + "0".repeat(64));
            JsonNode report = ok(api.post("/v1/system/reconcile", "{}"), 200);
            assertThat(report.path("removed").toString()).contains("link stray0");
            assertThat(ns.ipLink("stray0").isMissingNode()).isTrue();
        }
    }
}
