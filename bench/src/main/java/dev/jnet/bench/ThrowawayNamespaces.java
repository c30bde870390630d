package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The benchmark's private corner of the machine: {@code /run/jnet-bench-PID}, holding the namespaces it
 * makes ({@code netns/}), the input files for {@code ip} ({@code work/}) and any other directory a
 * benchmark asks for ({@link #directory}). {@link #close()} removes all of it and may be called from a
 * shutdown hook while the main thread is still working; it is idempotent.
 */
final class ThrowawayNamespaces implements AutoCloseable {
    private final Path root;
    private final Path work;
    private final NetnsManager manager;
    private final Set<NetNs> live = new LinkedHashSet<>();
    private final Set<Path> directories = new LinkedHashSet<>();
    private int created;
    private boolean closed;

    ThrowawayNamespaces(Path root) {
        if (Files.exists(root)) {
            throw new BenchmarkException(root + " already exists; remove it if no benchmark is running");
        }
        this.root = root;
        this.work = root.resolve("work");
        this.manager = new NetnsManager(root.resolve("netns"));
    }

    static ThrowawayNamespaces forThisProcess() {
        return new ThrowawayNamespaces(Path.of("/run/jnet-bench-" + ProcessHandle.current().pid()));
    }

    /** A fresh, empty namespace named after {@code purpose}. */
    synchronized NetNs create(String purpose) {
        if (closed) {
            throw new BenchmarkException("the benchmark is shutting down");
        }
        NetNs ns = manager.create("%s-%d".formatted(purpose, ++created));
        live.add(ns);
        return ns;
    }

    synchronized void delete(NetNs ns) {
        if (live.remove(ns) && manager.find(ns.name()).isPresent()) {
            manager.delete(ns.name());
        }
    }

    /** The directory for input files, created on first use and removed by {@link #close()}. */
    synchronized Path workDirectory() {
        try {
            return Files.createDirectories(work);
        } catch (IOException e) {
            throw new BenchmarkException("create " + work + ": " + e.getMessage(), e);
        }
    }

    /** A fresh directory {@code root/name}, removed with its contents by {@link #close()}. */
    synchronized Path directory(String name) {
        if (closed) {
            throw new BenchmarkException("the benchmark is shutting down");
        }
        Path dir = root.resolve(name);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*") || Files.exists(dir)) {
            throw new BenchmarkException("cannot make a fresh directory " + dir);
        }
        try {
            Files.createDirectories(root);
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new BenchmarkException("create " + dir + ": " + e.getMessage(), e);
        }
        directories.add(dir);
        return dir;
    }

    /** Removes a directory made by {@link #directory} now, rather than at the end. */
    synchronized void deleteDirectory(Path dir) {
        if (directories.remove(dir)) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                throw new BenchmarkException("remove " + dir + ": " + e, e);
            }
        }
    }

    /** {@code command} run by {@code nsenter} inside {@code ns} (the mount namespace is ours already). */
    static List<String> inside(NetNs ns, List<String> command) {
        List<String> full = new ArrayList<>(command.size() + 2);
        full.add("nsenter");
        full.add("--net=" + ns.path());
        full.addAll(command);
        return full;
    }

    /** Deletes every namespace still here, then the directories; reports what it could not remove. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        for (NetNs ns : List.copyOf(live)) {
            try {
                delete(ns);
            } catch (RuntimeException e) {
                problems.add("delete " + ns + ": " + e.getMessage());
            }
        }
        try {
            manager.releaseDirectory();
        } catch (RuntimeException e) {
            problems.add("release " + manager.directory() + ": " + e.getMessage());
        }
        for (Path dir : List.copyOf(directories)) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                problems.add("remove " + dir + ": " + e);
            }
        }
        try {
            deleteTree(work);
            Files.deleteIfExists(root);
        } catch (IOException e) {
            problems.add("remove " + root + ": " + e);
        }
        if (!problems.isEmpty()) {
            System.err.println("cleanup incomplete, remove by hand: " + String.join("; ", problems));
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
