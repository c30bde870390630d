package dev.jnet.daemon.remote;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP client of one Docker plugin: JSON {@code POST}s with the plugin protocol's media type, activated
 * ({@code /Plugin.Activate}) before the first call, retrying with backoff while the plugin cannot be reached
 * until the activation deadline (a plugin started beside jnetd may come up later). A call the plugin does not
 * implement (404) is empty; an error status or an {@code Err} answer becomes an error naming the plugin.
 */
final class PluginClient implements AutoCloseable {
    static final String MEDIA_TYPE = "application/vnd.docker.plugins.v1.2+json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How long an unreachable plugin is tried when activating it, and how long each call may take. */
    record Timeouts(Duration activation, Duration call) {}

    private final PluginAddress address;
    private final Timeouts timeouts;
    private final HttpClient http;
    private List<String> implemented;

    PluginClient(PluginAddress address, Timeouts timeouts) {
        this.address = address;
        this.timeouts = timeouts;
        this.http = new HttpClient();
        address.tls().ifPresent(tls -> http.setSslContextFactory(sslFor(tls)));
        http.setConnectTimeout(timeouts.call().toMillis());
        try {
            http.start();
        } catch (Exception e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "cannot start the client of plugin " + address.name() + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return address.name();
    }

    /** What {@code /Plugin.Activate} said the plugin implements, activating it first if needed. */
    List<String> implemented() {
        return implemented(true);
    }

    /**
     * {@link #implemented}; {@code patient} retries an unreachable plugin until the activation deadline,
     * else one attempt.
     */
    synchronized List<String> implemented(boolean patient) {
        if (implemented == null) {
            implemented = activate(patient ? timeouts.activation() : Duration.ZERO);
        }
        return implemented;
    }

    /** Calls {@code method} (e.g. {@code NetworkDriver.Join}) with {@code body}; empty if the plugin does not implement it. */
    Optional<JsonNode> call(String method, Object body) {
        implemented();
        try {
            return send(method, body, timeouts.call());
        } catch (Unreachable e) {
            throw unavailable(method, e.getMessage());
        }
    }

    /** {@link #call}, for a call the plugin must implement. */
    JsonNode require(String method, Object body) {
        return call(method, body).orElseThrow(() -> new JnetException(ErrorKind.UNAVAILABLE, "plugin " + address.name()
                + " does not implement " + method));
    }

    private List<String> activate(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 50;
        while (true) {
            try {
                JsonNode answer = send("Plugin.Activate", null, timeouts.call()).orElseThrow(() -> new JnetException(
                        ErrorKind.UNAVAILABLE, "plugin " + address.name() + " at " + address + " does not answer /Plugin.Activate"));
                return answer.path("Implements").valueStream().map(n -> n.asString("")).toList();
            } catch (Unreachable e) {
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw unavailable("Plugin.Activate", e.getMessage() + " (tried for " + patience.toSeconds() + " s)");
                }
                sleep(pause);
                pause = Math.min(pause * 2, 1000);
            }
        }
    }

    private Optional<JsonNode> send(String method, Object body, Duration timeout) throws Unreachable {
        Request request = http.newRequest(address.url().map(u -> u.resolve("/" + method).toString()).orElse("http://plugin/" + method))
                .method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.ACCEPT, MEDIA_TYPE))
                .body(new StringRequestContent(MEDIA_TYPE, json(body), StandardCharsets.UTF_8))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        address.socket().ifPresent(socket -> request.transport(new Transport.TCPUnix(socket)));
        ContentResponse response;
        try {
            response = request.send();
        } catch (TimeoutException e) {
            throw unavailable(method, "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new Unreachable(e.getCause() == null ? e.getMessage() : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(method, "interrupted");
        }
        if (response.getStatus() == 404) {
            return Optional.empty();
        }
        JsonNode answer = parse(method, response);
        String err = answer.path("Err").asString("");
        if (err.isEmpty()) {
            err = answer.path("Error").asString("");
        }
        if (response.getStatus() >= 400 || !err.isEmpty()) {
            throw new JnetException(ErrorKind.INVALID, "plugin " + address.name() + " refused " + method + ": "
                    + (err.isEmpty() ? "status " + response.getStatus() + " " + response.getContentAsString().strip() : err));
        }
        return Optional.of(answer);
    }

    private JsonNode parse(String method, ContentResponse response) {
        String text = response.getContentAsString();
        if (text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode answer = JSON.readTree(text);
            if (!answer.isObject()) {
                throw new JnetException(ErrorKind.UNAVAILABLE, "plugin " + address.name() + " answered " + method
                        + " with JSON that is not an object: " + abbreviate(text));
            }
            return answer;
        } catch (JacksonException e) {
            if (response.getStatus() >= 400) {
                throw new JnetException(ErrorKind.INVALID, "plugin " + address.name() + " refused " + method + ": status "
                        + response.getStatus() + " " + abbreviate(text));
            }
            throw new JnetException(ErrorKind.UNAVAILABLE, "plugin " + address.name() + " answered " + method
                    + " with something that is not JSON: " + abbreviate(text));
        }
    }

    private JnetException unavailable(String method, String why) {
        return new JnetException(ErrorKind.UNAVAILABLE, "plugin " + address.name() + " (" + address + ") did not answer "
                + method + ": " + why);
    }

    private static String json(Object body) {
        return body == null ? "{}" : JSON.writeValueAsString(body);
    }

    private static String abbreviate(String text) {
        String s = text.strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static SslContextFactory.Client sslFor(PluginAddress.Tls tls) {
        SslContextFactory.Client ssl = new SslContextFactory.Client(tls.insecureSkipVerify());
        tls.caFile().ifPresent(ca -> ssl.setTrustStore(PemFiles.trustStore(ca)));
        if (tls.certFile().isPresent() != tls.keyFile().isPresent()) {
            throw JnetException.invalid("plugin spec TLSConfig: CertFile and KeyFile go together (a client certificate"
                    + " and its key)");
        }
        if (tls.certFile().isPresent()) {
            ssl.setKeyStore(PemFiles.identity(tls.certFile().get(), tls.keyFile().get()));
            ssl.setKeyStorePassword(PemFiles.STORE_PASSWORD);
        }
        return ssl;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JnetException(ErrorKind.UNAVAILABLE, "interrupted while waiting for a plugin");
        }
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // closing: nothing to keep
        }
    }

    /** The plugin could not be reached (no socket, refused): worth another try while activating. */
    private static final class Unreachable extends IOException {
        Unreachable(String message) {
            super(message);
        }
    }
}
