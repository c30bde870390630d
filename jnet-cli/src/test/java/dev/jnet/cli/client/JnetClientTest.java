package dev.jnet.cli.client;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JnetClientTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void requestsAreHttp11WithJsonBodiesAndAContentLength() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.reply(201, "{\"id\":\"abc\"}"))) {
            JnetClient client = JnetClient.at(jnetd.socket());
            dev.jnet.cli.json.Json created = client.createNetwork(new NetworkCreate("web", null,
                    List.of(new Pool("10.1.0.0/24", null, "10.1.0.254", Map.of("router", "10.1.0.253"))), null,
                    Map.of(), Map.of("team", "a"), true, null, null, null, null, null));

            assertThat(created.path("id").asString()).isEqualTo("abc");
            FakeJnetd.Received request = jnetd.received().getFirst();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.target()).isEqualTo("/v1/networks");
            assertThat(request.headers()).containsEntry("Host", "jnet").containsEntry("Content-Type", "application/json")
                    .containsEntry("Connection", "close")
                    .containsEntry("Content-Length", String.valueOf(request.body().getBytes(StandardCharsets.UTF_8).length));
            // Empty and null fields stay out: jnetd applies its own defaults to them.
            assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("""
                    {"name":"web","ipv4":[{"subnet":"10.1.0.0/24","gateway":"10.1.0.254",
                     "auxAddresses":{"router":"10.1.0.253"}}],"labels":{"team":"a"},"internal":true}"""));
        }
    }

    @Test
    void eachEndpointUsesItsMethodAndPath() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> switch (r.method()) {
            case "DELETE" -> FakeJnetd.reply(204, "");
            case "POST" -> r.target().endsWith("disconnect") ? FakeJnetd.reply(204, "")
                    : FakeJnetd.reply(r.target().contains("prune") || r.target().endsWith("reconcile") ? 200 : 201,
                            "{\"removed\":[\"a\",\"b\"]}");
            default -> r.target().equals("/v1/_ping") ? FakeJnetd.reply(200, "OK")
                    : FakeJnetd.reply(200, r.target().matches("/v1/(networks|sandboxes)(\\?.*)?") ? "[{\"id\":\"1\"}]" : "{}");
        })) {
            JnetClient client = JnetClient.at(jnetd.socket());
            assertThat(client.ping()).isEqualTo("OK");
            client.info();
            assertThat(client.networks()).hasSize(1);
            client.network("a b");
            client.removeNetwork("web");
            assertThat(client.pruneNetworks(Map.of("label", List.of("team")))).containsExactly("a", "b");
            assertThat(client.networks(Map.of("name", List.of("^w")))).hasSize(1);
            client.connect("web", new Connect("sb", "10.1.0.7", null, List.of("db"), null, null, null));
            client.disconnect("web", "sb", true);
            assertThat(client.sandboxes()).hasSize(1);
            client.sandbox("sb");
            client.createSandbox(new SandboxCreate("sb", null, null, new SandboxCreate.Dns(List.of(), null, null), null));
            client.removeSandbox("sb");
            client.reconcile();

            assertThat(jnetd.received()).extracting(r -> r.method() + " " + r.target()).containsExactly(
                    "GET /v1/_ping", "GET /v1/info", "GET /v1/networks", "GET /v1/networks/a%20b",
                    "DELETE /v1/networks/web", "POST /v1/networks/prune?filters=%7B%22label%22%3A%7B%22team%22%3Atrue%7D%7D",
                    "GET /v1/networks?filters=%7B%22name%22%3A%7B%22%5Ew%22%3Atrue%7D%7D", "POST /v1/networks/web/connect",
                    "POST /v1/networks/web/disconnect", "GET /v1/sandboxes", "GET /v1/sandboxes/sb",
                    "POST /v1/sandboxes", "DELETE /v1/sandboxes/sb", "POST /v1/system/reconcile");
            List<String> bodies = jnetd.received().stream().map(FakeJnetd.Received::body).toList();
            assertThat(bodies.get(5)).isEmpty();
            assertThat(JSON.readTree(bodies.get(7))).isEqualTo(JSON.readTree("{\"sandbox\":\"sb\",\"ipv4\":\"10.1.0.7\",\"aliases\":[\"db\"]}"));
            assertThat(JSON.readTree(bodies.get(8))).isEqualTo(JSON.readTree("{\"sandbox\":\"sb\",\"force\":true}"));
            assertThat(JSON.readTree(bodies.get(11))).isEqualTo(JSON.readTree("{\"name\":\"sb\"}"));
            assertThat(jnetd.received().get(13).headers()).containsEntry("Content-Length", "0");
        }
    }

    @Test
    void aChunkedAnswerIsReadWhole() throws IOException {
        String networks = "[{\"id\":\"" + "a".repeat(64) + "\",\"name\":\"web\"},{\"id\":\"" + "b".repeat(64) + "\",\"name\":\"db\"}]";
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.chunked(200, networks, 7))) {
            assertThat(JnetClient.at(jnetd.socket()).networks()).extracting(n -> n.path("name").asString())
                    .containsExactly("web", "db");
        }
    }

    @Test
    void anErrorAnswerBecomesAnExceptionWithTheDaemonsMessageAndAKindFromItsStatus() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.error(404, "network nope not found"))) {
            JnetClient client = JnetClient.at(jnetd.socket());
            assertThatThrownBy(() -> client.network("nope")).isInstanceOfSatisfying(JnetException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("network nope not found");
                assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
            });
            Map<Integer, ErrorKind> kinds = Map.of(400, ErrorKind.INVALID, 403, ErrorKind.FORBIDDEN,
                    409, ErrorKind.CONFLICT, 503, ErrorKind.UNAVAILABLE, 500, ErrorKind.INTERNAL);
            kinds.forEach((status, kind) -> {
                jnetd.answer(r -> FakeJnetd.error(status, "status " + status));
                assertThatThrownBy(client::info).isInstanceOfSatisfying(JnetException.class, e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.getMessage()).isEqualTo("status " + status);
                });
            });
        }
    }

    @Test
    void anErrorWithoutAJsonMessageSaysWhatCameBack() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 5\r\n\r\noops!"
                .getBytes(StandardCharsets.US_ASCII))) {
            assertThatThrownBy(() -> JnetClient.at(jnetd.socket()).info())
                    .hasMessage("jnetd answered 502 Bad Gateway: oops!");
        }
    }

    @Test
    void anAnswerThatIsNotJsonOrNotAnArrayIsReported() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.reply(200, "<html>"))) {
            assertThatThrownBy(() -> JnetClient.at(jnetd.socket()).info())
                    .hasMessageStartingWith("jnetd answered GET /v1/info with something that is not JSON");
            jnetd.answer(r -> FakeJnetd.reply(200, "{}"));
            assertThatThrownBy(() -> JnetClient.at(jnetd.socket()).networks())
                    .hasMessage("jnetd answered GET /v1/networks with a JSON object where a JSON array was expected");
        }
    }

    @Test
    void aMissingSocketSaysJnetdIsNotRunning() {
        Path missing = dir.resolve("absent.sock");
        assertThatThrownBy(() -> JnetClient.at(missing).info()).isInstanceOfSatisfying(JnetException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("cannot connect to jnetd at " + missing
                    + ": is it running? (start it with bin/jnetd)");
        });
    }

    @Test
    void aSocketNobodyListensOnSaysJnetdIsNotRunning() throws IOException {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThatThrownBy(() -> JnetClient.at(stale).info())
                .hasMessage("cannot connect to jnetd at " + stale + ": is it running? (start it with bin/jnetd)");
    }

    @Test
    void aConnectionThatClosesMidAnswerIsReported() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"
                .getBytes(StandardCharsets.US_ASCII))) {
            assertThatThrownBy(() -> JnetClient.at(jnetd.socket()).info()).isInstanceOfSatisfying(JnetException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.getMessage()).isEqualTo("lost the connection to jnetd at " + jnetd.socket()
                        + " during GET /v1/info: the connection closed after 1 of 100 body bytes");
            });
        }
    }
}
