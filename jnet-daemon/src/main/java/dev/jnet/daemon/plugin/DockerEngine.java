package dev.jnet.daemon.plugin;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The few reads jnet's Docker plugin makes of dockerd's Engine API on its socket ({@code /var/run/docker.sock}
 * unless given): one {@code GET} per connection (HTTP/1.0, so dockerd closes it after the answer), each
 * given up after {@link #TIMEOUT}. dockerd tells a network driver no container names; these reads learn them.
 * Not Jetty's {@code HttpClient} (which {@code PluginClient} uses for plugins): two GETs now and then do not
 * need a started client with threads of its own kept for the daemon's life.
 */
final class DockerEngine {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** More than the inspection of a network with thousands of containers takes. */
    private static final int MAX_ANSWER = 16 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path socket;

    DockerEngine(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /** {@code GET /networks/ID}; empty if dockerd has no such network. */
    Optional<JsonNode> network(String id) {
        return get("/networks/" + encoded(id));
    }

    /** {@code GET /containers/ID/json}; empty if dockerd has no such container. */
    Optional<JsonNode> container(String id) {
        return get("/containers/" + encoded(id) + "/json");
    }

    private static String encoded(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }

    private Optional<JsonNode> get(String path) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            Thread deadline = Thread.ofVirtual().start(() -> closeAfterTimeout(channel)); // the connect too
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                ByteBuffer request = StandardCharsets.US_ASCII.encode("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n");
                while (request.hasRemaining()) {
                    channel.write(request);
                }
                return answer(path, Channels.newInputStream(channel));
            } finally {
                deadline.interrupt();
            }
        } catch (IOException e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "dockerd at " + socket + " did not answer GET " + path + ": "
                    + e.getMessage(), e);
        }
    }

    private static void closeAfterTimeout(SocketChannel channel) {
        try {
            Thread.sleep(TIMEOUT);
            channel.close();
        } catch (InterruptedException | IOException e) {
            // answered in time, or closed already
        }
    }

    private Optional<JsonNode> answer(String path, InputStream in) throws IOException {
        byte[] all = in.readNBytes(MAX_ANSWER + 1);
        if (all.length > MAX_ANSWER) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "dockerd at " + socket + " answered GET " + path
                    + " with more than " + (MAX_ANSWER >> 20) + " MiB");
        }
        String text = new String(all, StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        String[] status = text.substring(0, Math.max(0, text.indexOf("\r\n"))).split(" ");
        if (headEnd < 0 || status.length < 2 || !status[1].matches("\\d{3}")) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "dockerd at " + socket + " gave no HTTP answer to GET " + path);
        }
        int code = Integer.parseInt(status[1]);
        if (code == 404) {
            return Optional.empty();
        }
        if (code != 200) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "dockerd at " + socket + " answered GET " + path + " with "
                    + code + ": " + text.substring(headEnd + 4).strip());
        }
        try {
            return Optional.of(JSON.readTree(text.substring(headEnd + 4)));
        } catch (tools.jackson.core.JacksonException e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "dockerd at " + socket + " answered GET " + path
                    + " with no JSON: " + e.getOriginalMessage(), e);
        }
    }
}
