package dev.jnet.daemon;

import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.RawHttp;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that Jetty refuses before any handler (bad request lines and headers, traversal paths, conflicting
 * lengths), written byte by byte to both sockets with every method: each is a 4xx with {"message"}.
 */
@ExtendWith(NetnsExtension.class)
class MalformedHttpTest {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO");
    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** A request with {@code method} and {@code target} and the given header lines (CRLF-terminated each). */
    private static String request(String method, String target, String headers) {
        return method + " " + target + " HTTP/1.1\r\nHost: jnet\r\n" + headers + "\r\n";
    }

    /** Each request template, with {@code %M} for the method and {@code %P} for the API's path prefix. */
    private static final List<String> TEMPLATES = List.of(
            "%M %P/networks/....//....//etc HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/networks/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/networks/%2e%2e/%2e%2e/etc HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/../../etc/passwd HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/networks/..%2Fsecret HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/networks/%5c..%5c HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/networks/%ff HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/net\\works HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M\t%P/networks HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/networks HTTP/1.1 \r\nHost: jnet\r\n\r\n",
            " %M %P/networks HTTP/1.1\r\nHost: jnet\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\nHost : jnet\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\n Folded: header\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nX\u0001: y\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\r\nHost: jnet\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nContent-Length: -1\r\n\r\n{}",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nContent-Length: 1e3\r\n\r\n{}",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nTransfer-Encoding: gzip\r\n\r\n{}",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nHost: other\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
            "%M %P/networks HTTP/2.0\r\nHost: jnet\r\n\r\n",
            "%M %P/networks HTTP/1.1\r\nHost: jnet\r\nExpect: 100-nonsense\r\n\r\n",
            "%M http://elsewhere%P/networks HTTP/1.1\r\nHost: jnet\r\n\r\n");

    @Test
    void everyMalformedRequestIsA4xxWithAJsonMessageOnBothSocketsWhateverTheMethod(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            List<CompletableFuture<String>> failures = new ArrayList<>();
            for (Path socket : List.of(host.socket(), host.dockerSocket())) {
                String prefix = socket.equals(host.socket()) ? "/v1" : "/v1.50";
                for (String template : TEMPLATES) {
                    for (String method : METHODS) {
                        String raw = template.replace("%M", method).replace("%P", prefix);
                        failures.add(CompletableFuture.supplyAsync(() -> problem(socket, raw)));
                    }
                }
            }
            assertThat(failures.stream().map(CompletableFuture::join).filter(p -> !p.isEmpty()).toList()).isEmpty();
        }
    }

    @Test
    void connectAndTheHttp2PrefaceAreRefusedInJsonToo(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            for (Path socket : List.of(host.socket(), host.dockerSocket())) {
                assertThat(problem(socket, "CONNECT jnet:80 HTTP/1.1\r\nHost: jnet\r\n\r\n")).isEmpty();
                assertThat(problem(socket, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).isEmpty();
                assertThat(problem(socket, request("GET", "*", ""))).isEmpty();
            }
        }
    }

    @Test
    void aFilterThatBacktrackingEnginesNeverFinishIsAnsweredAtOnceAndPingStaysUp(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            host.startDaemon();
            String bomb = "/networks?filters=" + URLEncoder.encode("{\"id\":[\"(.*.){30}x\"],\"name\":[\"(a|aa)+$\"]}",
                    StandardCharsets.UTF_8);
            List<CompletableFuture<RawHttp.Answer>> bombs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                bombs.add(CompletableFuture.supplyAsync(() -> RawHttp.exchange(host.dockerSocket(), request("GET", bomb, ""), LIMIT)));
            }
            RawHttp.Answer ping = RawHttp.exchange(host.dockerSocket(), request("GET", "/_ping", ""), LIMIT);
            assertThat(ping.status()).isEqualTo(200);
            for (CompletableFuture<RawHttp.Answer> answer : bombs) {
                assertThat(answer.join().status()).as(answer.join().toString()).isEqualTo(200);
                assertThat(answer.join().body()).isEqualTo("[]");
            }
            String tooLong = "/networks?filters=" + URLEncoder.encode("{\"name\":[\"" + "a".repeat(300) + "\"]}",
                    StandardCharsets.UTF_8);
            RawHttp.Answer refused = RawHttp.exchange(host.dockerSocket(), request("GET", tooLong, ""), LIMIT);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.message()).contains("invalid filter 'name'", "at most 256");
        }
    }

    /**
     * Empty when {@code raw} on {@code socket} is answered in time with a 4xx (or the Docker API's documented 501
     * for what it does not serve) and a JSON message; what is wrong otherwise.
     */
    private static String problem(Path socket, String raw) {
        RawHttp.Answer answer = RawHttp.exchange(socket, raw, LIMIT);
        String what = socket.getFileName() + " " + raw.substring(0, Math.min(80, raw.length())).replace("\r\n", "\\r\\n")
                + " -> " + answer;
        boolean docker501 = answer.status() == 501 && socket.getFileName().toString().equals("docker.sock");
        if (answer.status() < 400 || answer.status() >= 500 && !docker501) {
            return what;
        }
        if (!"application/json".equals(answer.headers().get("content-type")) || answer.message() == null) {
            return what;
        }
        return "";
    }
}
