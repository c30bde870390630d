package dev.jnet.daemon.testing;

import dev.jnet.daemon.Daemon;
import dev.jnet.daemon.DaemonConfig;
import dev.jnet.daemon.LogLevel;
import dev.jnet.kernel.netns.NetnsManager;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway namespace playing the host for a jnetd, with the daemon's socket, state and run
 * directories under the test run directory. {@link #close} stops any in-process daemon it started and
 * removes the sandbox namespaces and directories; the namespace itself goes with the test.
 */
public final class FakeHost implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ThrowawayNs ns;
    private final Path directory;
    private final List<Daemon> daemons = new ArrayList<>();

    public FakeHost(ThrowawayNs ns) {
        this.ns = ns;
        this.directory = NetnsExtension.RUN_DIR.resolve("jnetd" + COUNTER.incrementAndGet());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public ThrowawayNs ns() {
        return ns;
    }

    public Path directory() {
        return directory;
    }

    public Path socket() {
        return directory.resolve("jnet.sock");
    }

    /** The Docker API's socket: beside {@link #socket}, where jnetd puts it unless told otherwise. */
    public Path dockerSocket() {
        return directory.resolve("docker.sock");
    }

    public Path stateDirectory() {
        return directory.resolve("state");
    }

    public Path runDirectory() {
        return directory.resolve("run");
    }

    public DaemonConfig config() {
        return new DaemonConfig(socket(), stateDirectory(), runDirectory(), LogLevel.INFO);
    }

    public ApiClient client() {
        return new ApiClient(socket());
    }

    /** A client of the Docker API socket. */
    public ApiClient dockerClient() {
        return new ApiClient(dockerSocket());
    }

    /** Starts jnetd in this JVM, with this namespace as its host. */
    public synchronized Daemon startDaemon() {
        return startDaemon(config());
    }

    /** Starts jnetd in this JVM with {@code config} (this host's {@link #config} with changes, say). */
    public synchronized Daemon startDaemon(DaemonConfig config) {
        Daemon daemon = Daemon.start(config, ns.ns());
        daemons.add(daemon);
        return daemon;
    }

    /** Names of the namespace files in jnetd's run directory. */
    public List<String> namespaceFiles() {
        return new NetnsManager(runDirectory().resolve("netns")).list();
    }

    /** The links in the fake host that carry jnet's mark ({@code jnet:network:ID}, {@code jnet:endpoint:ID}). */
    public List<JsonNode> jnetLinks() {
        List<JsonNode> marked = new ArrayList<>();
        for (JsonNode link : ns.ipLinks()) {
            if (link.path("ifalias").asString("").startsWith("jnet:")) {
                marked.add(link);
            }
        }
        return marked;
    }

    @Override
    public synchronized void close() {
        daemons.forEach(Daemon::close);
        NetnsManager namespaces = new NetnsManager(runDirectory().resolve("netns"));
        namespaces.list().forEach(namespaces::delete);
        namespaces.releaseDirectory();
        deleteTree(directory);
    }

    /** Removes {@code root} and everything below it, if it is there. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove " + root, e);
        }
    }
}
