package dev.jnet.daemon.http;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnixHttpServerTest {
    @TempDir
    Path dir;

    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private UnixHttpServer server;

    private UnixHttpServer start() {
        Router router = new Router()
                .add("GET", "/thread", call -> new Reply.Text(200, Thread.currentThread().isVirtual() ? "virtual" : "platform"))
                .add("GET", "/slow", call -> {
                    slowStarted.countDown();
                    sleep(700);
                    return new Reply.Text(200, "done");
                })
                .add("POST", "/echo", call -> Reply.ok(call.body(Echo.class)))
                .add("GET", "/boom", call -> {
                    throw new IllegalStateException("boom");
                })
                .add("GET", "/conflict", call -> {
                    throw JnetException.conflict("taken");
                });
        server = UnixHttpServer.start(dir.resolve("api.sock"), router, ServerOptions.defaults(Duration.ofSeconds(10)));
        return server;
    }

    record Echo(String text) {}

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ApiClient client() {
        return new ApiClient(dir.resolve("api.sock"));
    }

    @Test
    void jettyIsToldTheReferencesPerCacheLineSoThatItStartsNoJmx() {
        start();
        assertThat(System.getProperty(UnixHttpServer.REFERENCES_PER_CACHE_LINE)).isEqualTo("16");
        assertThat(client().get("/thread").body()).isEqualTo("virtual");
    }

    @Test
    void requestsAreHandledOnVirtualThreads() {
        start();
        assertThat(client().get("/thread").body()).isEqualTo("virtual");
    }

    @Test
    void withoutAGroupTheSocketIsReadableAndWritableByItsOwnerOnly() throws IOException {
        start();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("api.sock")))).isEqualTo("rw-------");
    }

    @Test
    void closingLetsARequestInFlightFinishThenRefusesConnectionsAndRemovesTheSocket() throws Exception {
        start();
        CompletableFuture<ApiClient.Response> slow = CompletableFuture.supplyAsync(() -> client().get("/slow"));
        assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
        server.close();

        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
        assertThat(dir.resolve("api.sock")).doesNotExist();
        assertThatThrownBy(() -> client().get("/thread")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void errorsAreJsonMessagesWithTheKindsStatus() {
        start();
        ApiClient.Response conflict = client().get("/conflict");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.headers()).containsEntry("content-type", "application/json");
        assertThat(conflict.body()).isEqualTo("{\"message\":\"taken\"}");
        ApiClient.Response boom = client().get("/boom");
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.message()).contains("internal error", "boom");
        assertThat(client().get("/nothing").status()).isEqualTo(404);
        ApiClient.Response wrong = client().request("DELETE", "/thread", null);
        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.message()).isEqualTo("method DELETE is not allowed on /thread; use GET");
    }

    @Test
    void requestsJettyRefusesByItselfAreAnsweredInJsonNotHtml() throws IOException {
        start();
        for (String request : new String[] {"GET /thread HTTP/1.1\r\n\r\n", "\u0001junk\r\n\r\n",
                "GET /%2e%2e/%2fx HTTP/1.1\r\nHost: x\r\n\r\n"}) {
            String answer = rawExchange(request);
            assertThat(answer).as(request).startsWith("HTTP/1.1 400").contains("Content-Type: application/json")
                    .contains("{\"message\":\"HTTP 400: ").doesNotContain("<html");
        }
    }

    @Test
    void aBodyUpToOneMebibyteIsReadAndALargerOneIsRefused() {
        start();
        String text = "x".repeat(BodyReader.MAX_BODY_BYTES - 20);
        ApiClient.Response ok = client().post("/echo", "{\"text\": \"" + text + "\"}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().path("text").asString()).hasSize(text.length());

        ApiClient.Response tooBig = client().raw("POST", "/echo", new byte[2 << 20]);
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.message()).contains("at most 1 MiB");
    }

    private String rawExchange(String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("api.sock")))) {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            StringBuilder out = new StringBuilder();
            while (channel.read(buffer) > 0) {
                out.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
                buffer.clear();
                if (out.indexOf("\r\n\r\n") > 0 && out.indexOf("}") > 0) {
                    break;
                }
            }
            return out.toString();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
