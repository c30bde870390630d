package dev.jnet.daemon.api;

import dev.jnet.core.controller.SandboxFiles;
import dev.jnet.core.model.SandboxId;
import dev.jnet.error.JnetException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * An OCI container's {@code /etc/hosts} and {@code /etc/resolv.conf}, written from its sandbox's files into its
 * root file system (the bundle's {@code config.json} names it), so that names resolve through jnet's resolver.
 * A file the spec mounts over is left to the mount; a symbolic link on the way is refused, so that a root file
 * system cannot send jnet's write elsewhere on the host.
 */
final class RootfsFiles {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RootfsFiles() {}

    static void copy(Path bundle, SandboxFiles files, SandboxId sandbox) {
        JsonNode config = readConfig(bundle);
        Set<String> mounted = new HashSet<>();
        for (JsonNode mount : config.path("mounts")) {
            mounted.add(mount.path("destination").asString(""));
        }
        Path rootfs = bundle.resolve(config.path("root").path("path").asString("rootfs"));
        Path etc = rootfs.resolve("etc");
        try {
            refuseLink(rootfs);
            if (!Files.exists(etc, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(etc);
            }
            refuseLink(etc);
            if (!mounted.contains("/etc/hosts")) {
                write(etc.resolve("hosts"), files.hostsPath(sandbox));
            }
            if (!mounted.contains("/etc/resolv.conf")) {
                write(etc.resolve("resolv.conf"), files.resolvConfPath(sandbox));
            }
        } catch (IOException e) {
            throw JnetException.invalid("cannot write the container's hosts and resolv.conf under " + etc + ": " + e);
        }
    }

    private static JsonNode readConfig(Path bundle) {
        Path file = bundle.resolve("config.json");
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw JnetException.invalid("cannot read the container's " + file + ": " + e.getMessage());
        }
    }

    private static void write(Path target, Path source) throws IOException {
        refuseLink(target);
        Files.write(target, Files.readAllBytes(source), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    private static void refuseLink(Path path) {
        if (Files.isSymbolicLink(path)) {
            throw JnetException.invalid(path + " is a symbolic link: jnet writes the container's hosts and resolv.conf only"
                    + " into real files and directories of its root file system (or mount yours over them)");
        }
    }
}
