package dev.jnet.daemon.plugin;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The names read from dockerd's API, against a stand-in for dockerd's socket that answers as dockerd 20.10 does. */
class DockerNamesTest {
    private static final String NETWORK = """
            {"Name": "web", "Containers": {
              "ep-e3": {"Name": "starting", "EndpointID": "e3"},
              "c1": {"Name": "server", "EndpointID": "e1"},
              "c2": {"Name": "other", "EndpointID": "e2"}}}""";
    private static final String CONTAINER = """
            {"Name": "/server", "NetworkSettings": {"Networks": {
              "bridge": {"EndpointID": "x", "Aliases": ["elsewhere"]},
              "web": {"EndpointID": "e1", "Aliases": ["www", "server", "c1c1c1c1c1c1"]}}}}""";

    private Path dir;
    private ServerSocketChannel server;
    private final Map<String, Integer> asked = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        dir = Files.createTempDirectory("jnet-test-docker-names");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("docker.sock")));
        Thread.ofVirtual().start(this::answer);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        Files.deleteIfExists(dir.resolve("docker.sock"));
        Files.deleteIfExists(dir);
    }

    private void answer() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer in = ByteBuffer.allocate(4096);
                c.read(in);
                String path = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII).split(" ")[1];
                asked.merge(path, 1, Integer::sum);
                String reply = switch (path) {
                    case "/networks/n1" -> "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + NETWORK;
                    case "/containers/c1/json" -> "HTTP/1.0 200 OK\r\n\r\n" + CONTAINER;
                    case "/networks/broken" -> "HTTP/1.0 500 Internal Server Error\r\n\r\n{\"message\":\"boom\"}";
                    case "/networks/garbled" -> "HTTP/1.0 200 OK\r\n\r\n<html>not dockerd</html>";
                    default -> "HTTP/1.0 404 Not Found\r\n\r\n{\"message\":\"no such\"}";
                };
                c.write(StandardCharsets.UTF_8.encode(reply));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Test
    void theContainersNameComesFirstThenItsAliasesOnThatNetworkWithoutRepeats() {
        DockerNames names = new DockerNames(null, new DockerEngine(dir.resolve("docker.sock")));
        assertThat(names.namesOf("n1", Set.of("e1", "e3", "e9")))
                .as("e3 is still starting (dockerd lists it as ep-...), e9 unknown: both wait")
                .isEqualTo(Map.of("e1", List.of("server", "www", "c1c1c1c1c1c1")));
        assertThat(asked).as("one network read for all endpoints, one container read per container found")
                .isEqualTo(Map.of("/networks/n1", 1, "/containers/c1/json", 1));
    }

    @Test
    void aNetworkDockerdDoesNotHaveIsNotFoundAndAnErrorNamesDockerdsAnswer() {
        DockerNames names = new DockerNames(null, new DockerEngine(dir.resolve("docker.sock")));
        assertThatThrownBy(() -> names.namesOf("gone", Set.of("e1"))).isInstanceOfSatisfying(JnetException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> names.namesOf("broken", Set.of("e1"))).isInstanceOfSatisfying(JnetException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE)).hasMessageContaining("500")
                .hasMessageContaining("boom");
        assertThatThrownBy(() -> names.namesOf("garbled", Set.of("e1"))).isInstanceOfSatisfying(JnetException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE)).hasMessageContaining("with no JSON");
        DockerNames away = new DockerNames(null, new DockerEngine(dir.resolve("nobody.sock")));
        assertThatThrownBy(() -> away.namesOf("n1", Set.of("e1"))).hasMessageContaining("nobody.sock")
                .hasMessageContaining("did not answer");
    }
}
