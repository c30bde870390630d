package dev.jnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes in {@code /proc}, for finding the helpers a daemon under test started (containerd as
 * dockerd's child, shims by the socket they were given, podman's conmon and aardvark-dns by their mount
 * namespace). A process may end while it is read: it is then skipped.
 */
final class ProcTable {
    private static final Path PROC = Path.of("/proc");

    private ProcTable() {}

    /** The pids whose parent is {@code parent}. */
    static List<Long> children(long parent) {
        List<Long> children = new ArrayList<>();
        for (long pid : pids()) {
            String stat = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
            if (stat != null && parentPid(stat) == parent) {
                children.add(pid);
            }
        }
        return children;
    }

    /** The pids whose command line has {@code argument} as one of its arguments. */
    static List<Long> withArgument(String argument) {
        List<Long> found = new ArrayList<>();
        for (long pid : pids()) {
            String cmdline = read(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            if (cmdline != null && List.of(cmdline.split("\0")).contains(argument)) {
                found.add(pid);
            }
        }
        return found;
    }

    /** The pids in the mount namespace {@code namespace} (as {@link #namespace} gives it). */
    static List<Long> inMountNamespace(String namespace) {
        List<Long> found = new ArrayList<>();
        for (long pid : pids()) {
            if (namespace.equals(namespace(pid, "mnt"))) {
                found.add(pid);
            }
        }
        return found;
    }

    /**
     * The namespace of the kind {@code kind} ({@code mnt}, {@code net}) that {@code pid} is in, e.g.
     * {@code mnt:[4026532301]}, or null when the process is gone: it tells a daemon's private namespaces
     * from the machine's, and finds what such a daemon left running, daemonized helpers too.
     */
    static String namespace(long pid, String kind) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("ns").resolve(kind)).toString();
        } catch (IOException e) {
            return null; // ended meanwhile
        }
    }

    /** The command name ({@code /proc/PID/comm}, at most 15 characters), or null when the process is gone. */
    static String comm(long pid) {
        String comm = read(PROC.resolve(Long.toString(pid)).resolve("comm"));
        return comm == null ? null : comm.strip();
    }

    /**
     * The fourth field of {@code /proc/PID/stat}; the command name in parentheses before it may itself hold
     * spaces and parentheses, so the fields are counted from the last ')'.
     */
    static long parentPid(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[1]);
    }

    private static List<Long> pids() {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::parseLong)
                    .toList();
        } catch (IOException e) {
            throw new BenchmarkException("list " + PROC + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Machine.readProc(file);
        } catch (IOException e) {
            return null; // ended meanwhile
        }
    }
}
