package dev.jnet.daemon.remote;

import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a Docker plugin by name as dockerd does: a Unix socket {@code NAME.sock} or {@code NAME/NAME.sock} in
 * the socket directories first, then a spec file {@code NAME.spec} (a URL) or {@code NAME.json} (a URL and TLS
 * files), also in a {@code NAME/} subdirectory, in the spec directories; the first found wins.
 */
final class PluginDiscovery {
    static final List<Path> SOCKET_DIRECTORIES = List.of(Path.of("/run/docker/plugins"));
    static final List<Path> SPEC_DIRECTORIES = List.of(Path.of("/etc/docker/plugins"), Path.of("/usr/lib/docker/plugins"));
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Path> socketDirectories;
    private final List<Path> specDirectories;

    PluginDiscovery(List<Path> socketDirectories, List<Path> specDirectories) {
        this.socketDirectories = List.copyOf(socketDirectories);
        this.specDirectories = List.copyOf(specDirectories);
    }

    /** Whether {@code name} can name a plugin: no path separators, no leading dot. */
    static boolean isPluginName(String name) {
        return NAME.matcher(name).matches() && !name.contains("..");
    }

    /** The plugin called {@code name}, if a file names it; INVALID when its spec file cannot be read. */
    Optional<PluginAddress> find(String name) {
        if (!isPluginName(name)) {
            return Optional.empty();
        }
        for (Path dir : socketDirectories) {
            for (Path socket : List.of(dir.resolve(name + ".sock"), dir.resolve(name).resolve(name + ".sock"))) {
                if (Files.exists(socket) && !Files.isDirectory(socket)) {
                    return Optional.of(PluginAddress.ofSocket(name, socket));
                }
            }
        }
        for (Path dir : specDirectories) {
            for (Path base : List.of(dir, dir.resolve(name))) {
                Path spec = base.resolve(name + ".spec");
                if (Files.isRegularFile(spec)) {
                    return Optional.of(PluginAddress.ofUrl(name, read(spec), Optional.empty(), spec));
                }
                Path json = base.resolve(name + ".json");
                if (Files.isRegularFile(json)) {
                    return Optional.of(fromJson(name, json));
                }
            }
        }
        return Optional.empty();
    }

    /** Where it looked, for a "not found" error. */
    String searched() {
        return "sockets in " + socketDirectories + ", spec files in " + specDirectories;
    }

    private static PluginAddress fromJson(String name, Path file) {
        JsonNode spec;
        try {
            spec = JSON.readTree(read(file));
        } catch (JacksonException e) {
            throw JnetException.invalid("plugin spec " + file + " is not JSON: " + e.getOriginalMessage());
        }
        String address = spec.path("Addr").asString("");
        if (address.isEmpty()) {
            throw JnetException.invalid("plugin spec " + file + " has no Addr");
        }
        JsonNode tls = spec.path("TLSConfig");
        Optional<PluginAddress.Tls> files = tls.isObject() ? Optional.of(new PluginAddress.Tls(
                tls.path("InsecureSkipVerify").asBoolean(false), path(tls, "CAFile"), path(tls, "CertFile"),
                path(tls, "KeyFile"))) : Optional.empty();
        return PluginAddress.ofUrl(name, address, files, file);
    }

    private static Optional<Path> path(JsonNode tls, String field) {
        return Optional.of(tls.path(field).asString("")).filter(s -> !s.isEmpty()).map(Path::of);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw JnetException.invalid("plugin spec " + file + " cannot be read: " + e.getMessage());
        }
    }
}
