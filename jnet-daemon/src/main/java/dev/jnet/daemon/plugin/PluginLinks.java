package dev.jnet.daemon.plugin;

import dev.jnet.error.JnetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which jnet network each Docker network of a global driver (overlay) is, on this host: every dockerd has
 * its own id for the network that jnet links across hosts, and the network's record (shared by the
 * cluster) can carry only one. Kept in a file of the state directory, replaced at once on each change.
 */
final class PluginLinks {
    static final String FILE = "docker-plugin-links.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = LoggerFactory.getLogger(PluginLinks.class);

    private final Path file;
    private final Map<String, String> links;

    private PluginLinks(Path file, Map<String, String> links) {
        this.file = file;
        this.links = links;
    }

    /**
     * The links in {@code stateDirectory}, none if it has none yet. An unreadable file does not stop jnetd: it is
     * kept beside as {@code FILE.unreadable} and the links start empty; dockerd links its networks again when it
     * creates them again (at its own restart), since the global network of the same subnets is found then.
     */
    static PluginLinks in(Path stateDirectory) {
        Path file = stateDirectory.resolve(FILE);
        if (!Files.exists(file)) {
            return new PluginLinks(file, new TreeMap<>());
        }
        try {
            Map<String, String> read = JSON.readValue(Files.readString(file), new TypeReference<Map<String, String>>() {});
            return new PluginLinks(file, new TreeMap<>(read == null ? Map.of() : read));
        } catch (IOException | JacksonException e) {
            return new PluginLinks(file, setAside(file, e));
        }
    }

    private static Map<String, String> setAside(Path file, Exception cause) {
        Path aside = file.resolveSibling(FILE + ".unreadable");
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw JnetException.internal("cannot read the Docker plugin's links " + file + " (" + cause.getMessage()
                    + ") nor move it aside: " + e.getMessage(), e);
        }
        LOG.warn("docker plugin: the links {} are unreadable ({}); kept as {}, starting with none: each global network is linked "
                + "again when dockerd creates it again", file, cause.getMessage(), aside);
        return new TreeMap<>();
    }

    /** The jnet network id that Docker network {@code dockerId} is, if it is linked. */
    synchronized Optional<String> networkOf(String dockerId) {
        return Optional.ofNullable(links.get(dockerId));
    }

    /** The Docker network other than {@code dockerId} that is linked to {@code networkId} here, if one is. */
    synchronized Optional<String> otherDockerNetworkOf(String networkId, String dockerId) {
        return links.entrySet().stream().filter(e -> e.getValue().equals(networkId) && !e.getKey().equals(dockerId))
                .map(Map.Entry::getKey).findFirst();
    }

    synchronized void link(String dockerId, String networkId) {
        links.put(dockerId, networkId);
        save();
    }

    synchronized void unlink(String dockerId) {
        if (links.remove(dockerId) != null) {
            save();
        }
    }

    private void save() {
        try {
            dev.jnet.core.store.AtomicFile.write(file, JSON.writeValueAsBytes(links));
        } catch (IOException e) {
            throw JnetException.internal("cannot write the Docker plugin's links " + file + ": " + e.getMessage(), e);
        }
    }
}
