package dev.jnet.daemon.api;

import dev.jnet.core.controller.SandboxFiles;
import dev.jnet.core.model.SandboxId;
import dev.jnet.error.JnetException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * An OCI container's {@code /etc/hosts} and {@code /etc/resolv.conf}, written from its sandbox's files into its
 * root file system (the bundle's {@code config.json} names it), so that names resolve through jnet's resolver.
 * A file the spec mounts over is left to the mount; {@code etc} must be a real directory, opened without
 * following links, and each file is written new and renamed into place, so that a root file system cannot
 * send jnet's writes elsewhere on the host (a link swapped in meanwhile, a hard link to a host file).
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
        refuseLink(rootfs);
        // Through directory descriptors opened without following links (openat with O_NOFOLLOW), so that a
        // link swapped in meanwhile cannot send the writes elsewhere; each file is written new and renamed
        // over the old one, which also leaves a hard-linked original alone.
        try (DirectoryStream<Path> root = Files.newDirectoryStream(rootfs)) {
            if (!(root instanceof SecureDirectoryStream<Path> secure)) {
                throw JnetException.invalid("this system cannot write " + rootfs + "/etc safely (no secure directory"
                        + " streams): mount the container's hosts and resolv.conf instead");
            }
            try (SecureDirectoryStream<Path> etc = secure.newDirectoryStream(Path.of("etc"), LinkOption.NOFOLLOW_LINKS)) {
                if (!mounted.contains("/etc/hosts")) {
                    replace(etc, "hosts", Files.readAllBytes(files.hostsPath(sandbox)));
                }
                if (!mounted.contains("/etc/resolv.conf")) {
                    replace(etc, "resolv.conf", Files.readAllBytes(files.resolvConfPath(sandbox)));
                }
            }
        } catch (java.nio.file.FileSystemException e) {
            throw JnetException.invalid("cannot write the container's hosts and resolv.conf under " + rootfs.resolve("etc")
                    + " (it must be a real directory, not a link): " + e.getMessage());
        } catch (IOException e) {
            throw JnetException.invalid("cannot write the container's hosts and resolv.conf under " + rootfs.resolve("etc")
                    + ": " + e);
        }
    }

    private static void replace(SecureDirectoryStream<Path> etc, String name, byte[] content) throws IOException {
        Path temporary = Path.of("." + name + ".jnet-" + ProcessHandle.current().pid());
        try {
            etc.deleteFile(temporary); // a leftover of a crash
        } catch (java.nio.file.NoSuchFileException e) {
            // none: as expected
        }
        write(etc, temporary, content);
        etc.move(temporary, etc, Path.of(name));
    }

    private static void write(SecureDirectoryStream<Path> etc, Path file, byte[] content) throws IOException {
        try (SeekableByteChannel out = etc.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS))) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
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

    private static void refuseLink(Path path) {
        if (Files.isSymbolicLink(path)) {
            throw JnetException.invalid(path + " is a symbolic link: jnet writes the container's hosts and resolv.conf only"
                    + " into real files and directories of its root file system (or mount yours over them)");
        }
    }
}
