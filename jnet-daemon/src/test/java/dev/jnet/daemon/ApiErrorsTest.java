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
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error the API answers is {"message"} with the status of its kind, and leaves nothing behind. */
@ExtendWith(NetnsExtension.class)
class ApiErrorsTest {

    /** What a failed request must not change: records (as the API lists them), links and namespaces. */
    private record Snapshot(String networks, String sandboxes, List<String> links, List<String> namespaces) {
        static Snapshot of(FakeHost host) {
            ApiClient api = host.client();
            return new Snapshot(api.get("/v1/networks").body(), api.get("/v1/sandboxes").body(), host.ns().ipLinkNames(),
                    host.namespaceFiles());
        }
    }

    private static void fails(ApiClient.Response response, int status, String message) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.headers()).containsEntry("content-type", "application/json");
        assertThat(response.json().propertyNames()).containsExactly("message");
        assertThat(response.message()).contains(message);
    }

    @Test
    void malformedBodiesAre400WithAMessageNamingTheProblem(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            Snapshot before = Snapshot.of(host);

            fails(api.post("/v1/networks", "{\"name\": \"x\","), 400, "malformed JSON");
            fails(api.post("/v1/networks", "{\"name\": \"x\", \"colour\": \"red\"}"), 400, "unknown field \"colour\"");
            fails(api.post("/v1/networks", "{\"name\": \"x\", \"ipv4\": [{\"subnet\": \"10.0.0.0/24\", \"mask\": 8}]}"), 400,
                    "unknown field \"ipv4[0].mask\"");
            fails(api.post("/v1/networks", "{\"name\": \"x\", \"internal\": \"yes\"}"), 400, "field \"internal\" must be true or false");
            fails(api.post("/v1/networks", "{\"name\": 42}"), 400, "field \"name\" must be a string");
            fails(api.post("/v1/networks", "{\"name\": \"x\", \"options\": {\"dev.jnet.bridge.pin_addresses\": \"maybe\"}}"), 400,
                    "option dev.jnet.bridge.pin_addresses must be true or false, not 'maybe'");
            fails(api.post("/v1/networks", "{\"name\": \"x\", \"labels\": {\"a\": null}}"), 400, "\"labels.a\" must not be null");
            fails(api.post("/v1/networks", "{\"name\": \"x\", \"name\": \"y\"}"), 400, "Duplicate");
            fails(api.post("/v1/networks", "{\"name\": \"x\"} {\"name\": \"y\"}"), 400, "more after the JSON value");
            fails(api.post("/v1/networks", "[\"x\"]"), 400, "it must be an object");
            fails(api.post("/v1/networks", ""), 400, "the request body is empty");
            fails(api.post("/v1/sandboxes", "{\"dns\": {\"servers\": \"192.0.2.1\"}}"), 400, "\"dns.servers\" must be an array");
            fails(api.post("/v1/system/reconcile", "{\"now\": true}"), 400, "this request takes no fields");

            assertThat(Snapshot.of(host)).isEqualTo(before);
        }
    }

    @Test
    void aBodyOverOneMebibyteIs400WhateverTheClientSends(ThrowawayNs ns, @TempDir Path tmp) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            String big = "{\"name\": \"big\", \"labels\": {\"k\": \"" + "x".repeat(2 << 20) + "\"}}";

            fails(api.post("/v1/networks", big), 400, "jnetd accepts at most 1 MiB");
            Path file = tmp.resolve("big.json");
            Files.writeString(file, big);
            String curl = Command.check("curl", "-sS", "--unix-socket", host.socket().toString(), "-X", "POST",
                    "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, "-w", "\n%{http_code}",
                    "http://jnet/v1/networks");
            assertThat(curl).endsWith("\n400");
            assertThat(JsonMapper.builder().build().readTree(curl.lines().findFirst().orElseThrow()).path("message").asString())
                    .contains("at most 1 MiB");
            assertThat(api.get("/v1/networks/big").status()).isEqualTo(404);
        }
    }

    @Test
    void eachErrorKindHasItsStatusAndAFailedRequestLeavesNoRecordLinkOrNamespace(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            assertThat(api.post("/v1/networks", "{\"name\": \"taken\", \"ipv4\": [{\"subnet\": \"10.5.0.0/24\"}]}").status()).isEqualTo(201);
            assertThat(api.post("/v1/sandboxes", "{\"name\": \"s\"}").status()).isEqualTo(201);
            assertThat(api.post("/v1/sandboxes", "{\"name\": \"t\"}").status()).isEqualTo(201);
            assertThat(api.post("/v1/sandboxes", "{\"name\": \"shared\", \"hostNetwork\": true}").status()).isEqualTo(201);
            assertThat(api.post("/v1/networks/taken/connect", "{\"sandbox\": \"s\", \"ipv4\": \"10.5.0.9\"}").status()).isEqualTo(201);
            Snapshot before = Snapshot.of(host);

            fails(api.post("/v1/networks", "{\"name\": \"bad\", \"ipv4\": [{\"subnet\": \"10.0.0/24\"}]}"), 400,
                    "ipv4[0].subnet: '10.0.0/24' is not a valid IP address or CIDR");
            fails(api.post("/v1/networks", "{\"name\": \"" + "n".repeat(200) + "\"}"), 400, "at most 128");
            fails(api.post("/v1/networks", "{\"name\": \"bad name\"}"), 400, "is invalid");
            fails(api.post("/v1/networks", "{\"name\": \"b\", \"options\": {\"com.docker.network.bridge.name\": \"br-much-too-long\"}}"),
                    400, "15");
            fails(api.post("/v1/networks/taken/connect", "{\"sandbox\": \"t\", \"ipv4\": \"10.5.0.300\"}"), 400, "ipv4: ");
            fails(api.post("/v1/networks/taken/connect", "{\"ipv4\": \"10.5.0.3\"}"), 400, "field \"sandbox\" is required");
            fails(api.post("/v1/sandboxes", "{\"hostname\": \"evil\\nhost\"}"), 400, "not a valid host name");
            fails(api.post("/v1/sandboxes", "{\"extraHosts\": [\"db.local\"]}"), 400, "extraHosts[0]: 'db.local' is not NAME:ADDRESS");
            fails(api.post("/v1/sandboxes", "{\"dns\": {\"options\": [\"ndots:1\\nnameserver 6.6.6.6\"]}}"), 400,
                    "dns.options[0]");

            fails(api.delete("/v1/networks/bridge"), 403, "pre-defined");
            fails(api.delete("/v1/networks/host"), 403, "pre-defined");
            fails(api.post("/v1/networks", "{\"name\": \"h2\", \"driver\": \"host\"}"), 403, "only one instance");
            fails(api.post("/v1/networks/taken/connect", "{\"sandbox\": \"shared\"}"), 403, "host");

            fails(api.get("/v1/networks/nosuch"), 404, "network nosuch not found");
            fails(api.delete("/v1/networks/nosuch"), 404, "network nosuch not found");
            fails(api.get("/v1/sandboxes/nosuch"), 404, "sandbox nosuch not found");
            fails(api.delete("/v1/sandboxes/nosuch"), 404, "sandbox nosuch not found");
            fails(api.post("/v1/networks/nosuch/connect", "{\"sandbox\": \"t\"}"), 404, "network nosuch");
            fails(api.post("/v1/networks/taken/connect", "{\"sandbox\": \"nosuch\"}"), 404, "sandbox nosuch");
            fails(api.post("/v1/networks", "{\"name\": \"x\", \"driver\": \"nosuch\"}"), 404, "network driver 'nosuch' not found");

            fails(api.post("/v1/networks", "{\"name\": \"taken\"}"), 409, "already exists");
            fails(api.post("/v1/networks", "{\"name\": \"o\", \"ipv4\": [{\"subnet\": \"10.5.0.128/25\"}]}"), 409, "10.5.0");
            fails(api.post("/v1/networks/taken/connect", "{\"sandbox\": \"t\", \"ipv4\": \"10.5.0.9\"}"), 409, "10.5.0.9");
            fails(api.post("/v1/networks/taken/connect", "{\"sandbox\": \"s\"}"), 409, "already connected");
            fails(api.delete("/v1/networks/taken"), 409, "has active endpoints");
            fails(api.post("/v1/sandboxes", "{\"name\": \"s\"}"), 409, "already in use");

            assertThat(Snapshot.of(host)).isEqualTo(before);
        }
    }

    @Test
    void unknownPathsAre404AndUnsupportedMethods405InJson(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            ApiClient api = host.client();
            fails(api.get("/v2/networks"), 404, "no API path /v2/networks");
            fails(api.get("/v1/networks/web/endpoints"), 404, "no API path");
            fails(api.get("/"), 404, "no API path");
            fails(api.request("PUT", "/v1/networks", "{}"), 405, "method PUT is not allowed on /v1/networks; use GET or POST");
            fails(api.delete("/v1/_ping"), 405, "use GET");
            fails(api.get("/v1/networks/prune"), 404, "network prune not found");
            ApiClient.Response head = api.request("PATCH", "/v1/sandboxes/x", null);
            assertThat(head.status()).isEqualTo(405);
            JsonNode reconcileGet = api.get("/v1/system/reconcile").json();
            assertThat(reconcileGet.path("message").asString()).contains("use POST");
        }
    }
}
