package dev.jnet.kernel.netns;

import dev.jnet.kernel.ffi.Libc;

import java.nio.file.Path;

/**
 * A network namespace, named by a file that holds it: a bind mount under jnet's run directory, a
 * {@code /proc/PID/ns/net} file, or {@code /run/netns/NAME} made by {@code ip netns add}.
 *
 * @param name a short name for messages (the file name for namespaces jnet made)
 * @param path the file that holds the namespace
 */
public record NetNs(String name, Path path) {
    /** The namespace this process started in: jnet's "host". */
    public static final NetNs PROCESS = new NetNs("host", Path.of("/proc/self/ns/net"));

    public NetNs {
        if (name == null || name.isBlank() || path == null) {
            throw new IllegalArgumentException("a namespace needs a name and a path");
        }
    }

    /** A namespace known only by its file; the file name serves as its name. */
    public static NetNs at(Path path) {
        Path fileName = path.getFileName();
        return new NetNs(fileName == null ? path.toString() : fileName.toString(), path);
    }

    /** Opens the namespace file for a kernel call that takes its descriptor; the caller closes it. */
    public int openDescriptor(String operation) {
        return Libc.open(path.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, operation + ": open " + this + " at " + path);
    }

    public boolean isProcess() {
        return this.equals(PROCESS);
    }

    @Override
    public String toString() {
        return isProcess() ? "host namespace" : "namespace " + name;
    }
}
