package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Docker Engine API on jnetd's second socket, spoken raw: negotiation, schemas, statuses, malformed requests. */
@ExtendWith(NetnsExtension.class)
class DockerApiTest {

    private static JsonNode ok(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.body().isEmpty() ? null : response.json();
    }

    private static void fails(ApiClient.Response response, int status, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("content-type", "application/json").containsEntry("api-version", "1.50");
        assertThat(response.json().propertyNames()).containsExactly("message");
        assertThat(response.message()).contains(message);
    }

    private static String filters(String json) {
        return "?filters=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    @Test
    void pingAnswersGetAndHeadWithTheHeadersTheClientReadsOnTheSocketMode0600(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(host.dockerSocket()))).isEqualTo("rw-------");
            ApiClient docker = host.dockerClient();
            for (String path : List.of("/_ping", "/v1.24/_ping", "/v1.50/_ping")) {
                ApiClient.Response get = docker.get(path);
                assertThat(get.status()).isEqualTo(200);
                assertThat(get.body()).isEqualTo("OK");
                assertThat(get.headers()).containsEntry("api-version", "1.50").containsEntry("ostype", "linux")
                        .containsEntry("swarm", "inactive").containsEntry("docker-experimental", "false")
                        .containsEntry("cache-control", "no-cache, no-store, must-revalidate").containsEntry("pragma", "no-cache")
                        .containsEntry("content-type", "text/plain; charset=utf-8");
                assertThat(get.headers().get("server")).startsWith("jnet/");
            }
            ApiClient.Response head = docker.request("HEAD", "/_ping", null);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers()).containsEntry("api-version", "1.50").containsEntry("content-length", "0");
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void versionsFrom124To150AreServedAndOthersRefusedInMobysWords(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient docker = host.dockerClient();
            JsonNode version = ok(docker.get("/version"), 200);
            assertThat(version.propertyNames()).containsExactly("Platform", "Components", "Version", "ApiVersion",
                    "MinAPIVersion", "GitCommit", "GoVersion", "Os", "Arch", "KernelVersion", "BuildTime");
            assertThat(version.path("ApiVersion").asString()).isEqualTo("1.50");
            assertThat(version.path("MinAPIVersion").asString()).isEqualTo("1.24");
            assertThat(version.path("Components").get(0).path("Name").asString()).isEqualTo("Engine");
            assertThat(ok(docker.get("/v1.24/version"), 200).path("Os").asString()).isEqualTo("linux");
            JsonNode info = ok(docker.get("/v1.50/info"), 200);
            assertThat(info.path("Plugins").path("Network").toString()).isEqualTo("[\"bridge\",\"cni\",\"host\",\"ipvlan\",\"macvlan\",\"null\"]");
            assertThat(info.path("Swarm").path("LocalNodeState").asString()).isEqualTo("inactive");
            assertThat(info.path("DefaultAddressPools").get(0).toString()).isEqualTo("{\"Base\":\"172.17.0.0/16\",\"Size\":16}");

            for (String v : List.of("1.24", "1.28", "1.44", "1.48", "1.50")) {
                assertThat(docker.get("/v" + v + "/networks").status()).as(v).isEqualTo(200);
            }
            fails(docker.get("/v1.23/networks"), 400, "client version 1.23 is too old. Minimum supported API version is 1.24, "
                    + "please upgrade your client to a newer version");
            fails(docker.get("/v1.51/networks"), 400, "client version 1.51 is too new. Maximum supported API version is 1.50");
            fails(docker.get("/v1..5/networks"), 400, "invalid API version '1..5'");
        }
    }

    @Test
    void whatJnetDoesNotServeIs501InJsonAndNeverHangs(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient docker = host.dockerClient();
            fails(docker.get("/v1.50/containers/json"), 501, "GET /containers/json is not supported by jnet");
            fails(docker.post("/containers/create", "{\"Image\": \"busybox\"}"), 501, "POST /containers/create");
            fails(docker.get("/images/json"), 501, "see docs/docker-api.md");
            fails(docker.get("/"), 501, "GET / is not supported by jnet");
            fails(docker.request("PUT", "/networks", "{}"), 405, "use GET");
        }
    }

    @Test
    void networksHaveDockersFieldsInDockersOrderAndTheSameNetworksAsTheNativeApi(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient docker = host.dockerClient();
            JsonNode created = ok(docker.post("/v1.50/networks/create", """
                    {"Name": "web", "CheckDuplicate": true, "Driver": "bridge", "Scope": "local", "EnableIPv4": true,
                     "EnableIPv6": false, "IPAM": {"Driver": "default", "Options": {}, "Config": [{"Subnet": "10.40.0.0/24"}]},
                     "Internal": false, "Attachable": false, "Ingress": false, "ConfigOnly": false, "ConfigFrom": null,
                     "Options": {}, "Labels": {"a": "b"}}"""), 201);
            assertThat(created.propertyNames()).containsExactly("Id", "Warning");
            String id = created.path("Id").asString();
            assertThat(created.path("Warning").asString()).isEmpty();
            String sandbox = ok(host.client().post("/v1/sandboxes", "{\"name\": \"s\"}"), 201).path("id").asString();
            assertThat(docker.post("/networks/web/connect", "{\"Container\": \"s\"}").body()).isEmpty();

            List<String> fields = List.of("Name", "Id", "Created", "Scope", "Driver", "EnableIPv4", "EnableIPv6", "IPAM",
                    "Internal", "Attachable", "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels");
            JsonNode list = ok(docker.get("/networks"), 200);
            assertThat(list.size()).isEqualTo(4);
            list.forEach(n -> assertThat(n.propertyNames()).containsExactlyElementsOf(fields));
            assertThat(list.get(3).path("Containers").toString()).as("the list shows no containers from 1.28").isEqualTo("{}");
            assertThat(ok(docker.get("/v1.27/networks" + filters("{\"name\":{\"web\":true}}")), 200).get(0)
                    .path("Containers").path(sandbox).path("Name").asString()).isEqualTo("s");

            JsonNode web = ok(docker.get("/networks/" + id.substring(0, 8)), 200);
            assertThat(web.propertyNames()).containsExactlyElementsOf(fields);
            assertThat(web.path("IPAM").toString()).isEqualTo("{\"Driver\":\"default\",\"Options\":{},\"Config\":"
                    + "[{\"Subnet\":\"10.40.0.0/24\"}]}"); // a user subnet is shown as given, as dockerd does
            assertThat(web.path("ConfigFrom").toString()).isEqualTo("{\"Network\":\"\"}");
            JsonNode container = web.path("Containers").path(sandbox);
            assertThat(container.propertyNames()).containsExactly("Name", "EndpointID", "MacAddress", "IPv4Address", "IPv6Address");
            assertThat(container.path("IPv4Address").asString()).isEqualTo("10.40.0.2/24");
            assertThat(container.path("IPv6Address").asString()).isEmpty();
            assertThat(ok(docker.get("/networks/web?verbose=true&scope=local"), 200).path("Id").asString()).isEqualTo(id);
            fails(docker.get("/networks/web?scope=swarm"), 404, "network web not found");
            fails(docker.get("/networks/web?verbose=maybe"), 400, "invalid value for verbose: maybe");

            JsonNode native_ = ok(host.client().get("/v1/networks"), 200);
            assertThat(native_.size()).isEqualTo(list.size());
            for (int i = 0; i < list.size(); i++) {
                assertThat(native_.get(i).path("id").asString()).isEqualTo(list.get(i).path("Id").asString());
                assertThat(native_.get(i).path("name").asString()).isEqualTo(list.get(i).path("Name").asString());
                assertThat(native_.get(i).path("driver").asString()).isEqualTo(list.get(i).path("Driver").asString());
            }

            assertThat(docker.post("/networks/web/disconnect", "{\"Container\": \"s\", \"Force\": false}").status()).isEqualTo(200);
            ApiClient.Response deleted = docker.delete("/v1.50/networks/" + id);
            assertThat(deleted.status()).isEqualTo(204);
            assertThat(host.client().get("/v1/networks/web").status()).isEqualTo(404);
        }
    }

    @Test
    void createFollowsDockersRulesForIpv4AndIpv6Flags(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient docker = host.dockerClient();
            ok(docker.post("/networks/create", "{\"Name\": \"v6only\", \"EnableIPv4\": false, \"EnableIPv6\": true}"), 201);
            JsonNode v6only = ok(docker.get("/networks/v6only"), 200);
            assertThat(v6only.path("EnableIPv4").asBoolean()).isFalse();
            assertThat(v6only.path("IPAM").path("Config").size()).isEqualTo(1);
            assertThat(v6only.path("IPAM").path("Config").get(0).path("Subnet").asString()).contains(":");

            ok(docker.post("/v1.47/networks/create", "{\"Name\": \"old\", \"EnableIPv4\": false}"), 201);
            assertThat(ok(docker.get("/networks/old"), 200).path("EnableIPv4").asBoolean())
                    .as("EnableIPv4 is ignored before API 1.48, as by dockerd").isTrue();

            ok(docker.post("/networks/create", "{\"Name\": \"opt\", \"Options\": {\"com.docker.network.enable_ipv6\": \"1\"}}"), 201);
            assertThat(ok(docker.get("/networks/opt"), 200).path("EnableIPv6").asBoolean()).isTrue();
            fails(docker.post("/networks/create", "{\"Name\": \"bad\", \"Options\": {\"com.docker.network.enable_ipv6\": \"yes\"}}"),
                    400, "driver-opt \"com.docker.network.enable_ipv6\" is not a valid bool");
            fails(docker.post("/networks/create", "{\"Name\": \"\"}"), 400, "\"Name\" is required");
            fails(docker.post("/networks/create", "{\"Name\": \"x\", \"IPAM\": {\"Config\": [{\"Subnet\": \"10.0.0/24\"}]}}"), 400,
                    "IPAM.Config[0].Subnet: ");
            fails(docker.post("/networks/create", "{\"Name\": \"default\"}"), 403, "operation is not permitted on predefined default network");
        }
    }

    @Test
    void filtersAreReadInBothOfDockersFormsAndPruneKeepsWhatIsInUse(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient docker = host.dockerClient();
            ok(docker.post("/networks/create", "{\"Name\": \"a\", \"Labels\": {\"team\": \"x\"}}"), 201);
            ok(docker.post("/networks/create", "{\"Name\": \"b\"}"), 201);
            ok(docker.post("/networks/create", "{\"Name\": \"c\", \"Labels\": {\"team\": \"y\"}}"), 201);
            ok(host.client().post("/v1/sandboxes", "{\"name\": \"s\"}"), 201);
            assertThat(docker.post("/networks/c/connect", "{\"Container\": \"s\", \"EndpointConfig\": {\"Aliases\": [\"db\"]}}")
                    .status()).isEqualTo(200);

            assertThat(ok(docker.get("/networks" + filters("{\"label\":[\"team\"]}")), 200).size()).isEqualTo(2);
            assertThat(ok(docker.get("/networks/" + filters("{\"label\":{\"team=x\":true}}")), 200).get(0).path("Name").asString())
                    .isEqualTo("a");
            fails(docker.get("/networks" + filters("[\"label\"]")), 400, "invalid filter");
            fails(docker.get("/networks?filters=%7Bnot-json"), 400, "invalid filter");
            fails(docker.get("/networks" + filters("{\"dangling\":[\"true\",\"false\"]}")), 400, "more than one value");

            JsonNode pruned = ok(docker.post("/networks/prune" + filters("{\"label\":{\"team\":true}}"), null), 200);
            assertThat(pruned.toString()).isEqualTo("{\"NetworksDeleted\":[\"a\"]}");
            assertThat(ok(docker.post("/v1.25/networks/prune", ""), 200).toString()).isEqualTo("{\"NetworksDeleted\":[\"b\"]}");
            assertThat(ok(docker.post("/networks/prune", null), 200).toString()).isEqualTo("{\"NetworksDeleted\":[]}");
            fails(docker.post("/networks/prune" + filters("{\"until\":{\"1h\":true,\"2h\":true}}"), null), 400,
                    "more than one until filter specified");
            fails(docker.delete("/networks/c"), 403, "has active endpoints");
            fails(docker.delete("/networks/none"), 403, "none is a pre-defined network and cannot be removed");
        }
    }

    @Test
    void malformedRequestsAre400WithAMessageNamingTheProblem(ThrowawayNs ns, @TempDir Path tmp) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient docker = host.dockerClient();
            String before = host.client().get("/v1/networks").body();

            fails(docker.post("/networks/create", "{\"Name\": \"x\","), 400, "malformed JSON");
            fails(docker.post("/networks/create", "{\"Name\": \"x\", \"Colour\": \"red\"}"), 400, "unknown field \"Colour\"");
            fails(docker.post("/networks/create", "{\"name\": \"x\"}"), 400, "unknown field \"name\"");
            fails(docker.post("/networks/create", "{\"Name\": \"x\", \"Internal\": \"yes\"}"), 400,
                    "field \"Internal\" must be true or false");
            fails(docker.post("/networks/create", "{\"Name\": \"x\", \"IPAM\": {\"Config\": [{\"Subnet\": 10}]}}"), 400,
                    "field \"IPAM.Config[0].Subnet\" must be a string");
            fails(docker.post("/networks/create", "{\"Name\": \"x\", \"Labels\": []}"), 400, "field \"Labels\" must be an object");
            fails(docker.post("/networks/create", "{\"Name\": \"x\", \"Options\": {\"dev.jnet.bridge.pin_addresses\": \"off\"}}"),
                    400, "option dev.jnet.bridge.pin_addresses must be true or false, not 'off'");
            fails(docker.post("/networks/create", ""), 400, "the request body is empty");
            fails(docker.post("/networks/bridge/connect", "{\"EndpointConfig\": {}}"), 400, "\"Container\" is required");
            fails(docker.post("/networks/bridge/connect", "{\"Container\": \"s\", \"EndpointConfig\": {\"Aliases\": \"db\"}}"),
                    400, "field \"EndpointConfig.Aliases\" must be an array");
            fails(docker.post("/networks/bridge/disconnect", "{\"Container\": \"s\", \"Force\": 1}"), 400,
                    "field \"Force\" must be true or false");

            String big = "{\"Name\": \"big\", \"Labels\": {\"k\": \"" + "x".repeat(2 << 20) + "\"}}";
            fails(docker.post("/networks/create", big), 400, "jnetd accepts at most 1 MiB");
            Path file = tmp.resolve("big.json");
            Files.writeString(file, big);
            String curl = Command.check("curl", "-sS", "--unix-socket", host.dockerSocket().toString(), "-X", "POST",
                    "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, "-w", "\n%{http_code}",
                    "http://docker/v1.50/networks/create");
            assertThat(curl).endsWith("\n400").contains("at most 1 MiB");

            assertThat(host.client().get("/v1/networks").body()).isEqualTo(before);
        }
    }
}
