package dev.jnet.kernel.netns;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.ffi.Libc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Named network namespaces kept as bind mounts in one directory (jnet's {@code RUN_DIR/netns}), made
 * the way iproute2 makes {@code /run/netns}: the directory is a shared mount, so namespaces made later
 * also appear in other mount namespaces (containers, {@code ip netns exec}).
 */
public final class NetnsManager {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final Path directory;
    private volatile boolean directoryReady;

    public NetnsManager(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /** Creates an empty namespace (only {@code lo}, down) named {@code name}. */
    public NetNs create(String name) {
        Path path = pathOf(name);
        ensureSharedDirectory();
        if (Files.exists(path) && !holdsNetworkNamespace(path)) {
            deleteQuietly(path); // an empty file left by a crash mid-create: reclaim the name
        }
        try {
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            throw JnetException.conflict("network namespace '" + name + "' already exists at " + path);
        } catch (IOException e) {
            throw JnetException.internal("create namespace file " + path + ": " + e.getMessage(), e);
        }
        try {
            unshareOnto(path);
        } catch (RuntimeException e) {
            deleteQuietly(path);
            throw e;
        }
        return new NetNs(name, path);
    }

    /**
     * The namespace called {@code name}, if this manager holds one. A file that holds no namespace (left
     * by a crash between creating the file and mounting onto it) does not count.
     */
    public Optional<NetNs> find(String name) {
        Path path = pathOf(name);
        return Files.exists(path) && holdsNetworkNamespace(path) ? Optional.of(new NetNs(name, path)) : Optional.empty();
    }

    private static boolean holdsNetworkNamespace(Path path) {
        try {
            openPath(path);
            return true;
        } catch (JnetException e) {
            return false;
        }
    }

    /** The namespace called {@code name}; NOT_FOUND if there is none. */
    public NetNs open(String name) {
        return find(name).orElseThrow(() ->
                JnetException.notFound("network namespace '" + name + "' does not exist in " + directory));
    }

    /**
     * A namespace held by any file ({@code /run/netns/X}, {@code /proc/PID/ns/net}); INVALID if the file
     * does not hold a network namespace, NOT_FOUND if it does not exist.
     */
    public static NetNs openPath(Path path) {
        if (!Files.exists(path)) {
            throw JnetException.notFound("network namespace file " + path + " does not exist");
        }
        int fd = Libc.open(path.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, "open namespace file " + path);
        try {
            int type = Libc.ioctl(fd, Libc.NS_GET_NSTYPE, "ask the type of namespace file " + path);
            if (type != Libc.CLONE_NEWNET) {
                throw JnetException.invalid(path + " is not a network namespace");
            }
        } catch (KernelException e) {
            throw JnetException.invalid(path + " is not a namespace file (" + e.getMessage() + ")");
        } finally {
            Libc.close(fd);
        }
        return NetNs.at(path);
    }

    /** Names of the namespaces in the directory, sorted. */
    public List<String> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> NAME.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("list " + directory, e);
        }
    }

    /**
     * Detaches and removes the namespace file. The namespace itself ends when nothing else holds it (a
     * process, an open descriptor, another mount).
     */
    public void delete(String name) {
        Path path = pathOf(name);
        if (!Files.exists(path)) {
            throw JnetException.notFound("network namespace '" + name + "' does not exist in " + directory);
        }
        // Unmount until nothing is mounted there (EINVAL), in case it was mounted twice.
        for (int i = 0; i < 8; i++) {
            try {
                Libc.umount2(path.toString(), Libc.MNT_DETACH, "unmount namespace " + name + " at " + path);
            } catch (KernelException e) {
                if (!e.is(Errno.EINVAL)) {
                    throw e;
                }
                break;
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw JnetException.internal("remove namespace file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * If the directory holds no namespace: undoes its self bind mount (whoever made it) and removes it.
     * For tests and tools that used a private run directory.
     */
    public synchronized void releaseDirectory() {
        if (!list().isEmpty() || !Files.isDirectory(directory)) {
            return;
        }
        try {
            Libc.umount2(directory.toString(), Libc.MNT_DETACH, "unmount " + directory);
        } catch (KernelException e) {
            if (!e.is(Errno.EINVAL)) { // EINVAL: not a mount point
                throw e;
            }
        }
        directoryReady = false;
        deleteQuietly(directory);
    }

    private Path pathOf(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw JnetException.invalid("network namespace name '" + name
                    + "' must be 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return directory.resolve(name);
    }

    private synchronized void ensureSharedDirectory() {
        if (directoryReady) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw JnetException.internal("create namespace directory " + directory + ": " + e.getMessage(), e);
        }
        String dir = directory.toString();
        try {
            Libc.mount("", dir, "none", Libc.MS_SHARED | Libc.MS_REC, "make " + dir + " a shared mount");
        } catch (KernelException e) {
            if (!e.is(Errno.EINVAL)) {
                throw e;
            }
            // Not a mount point yet: bind it onto itself, then share it.
            Libc.mount(dir, dir, "none", Libc.MS_BIND | Libc.MS_REC, "bind " + dir + " onto itself");
            Libc.mount("", dir, "none", Libc.MS_SHARED | Libc.MS_REC, "make " + dir + " a shared mount");
        }
        directoryReady = true;
    }

    /** On a fresh platform thread that ends afterwards: unshare its namespace and pin it to {@code path}. */
    private static void unshareOnto(Path path) {
        FreshThread.call("jnet-netns-create", () -> {
            Libc.unshare(Libc.CLONE_NEWNET, "create a network namespace for " + path);
            Libc.mount("/proc/thread-self/ns/net", path.toString(), "none", Libc.MS_BIND,
                    "bind the new namespace onto " + path);
            return null;
        });
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // best effort: the caller reports the original failure
        }
    }
}
