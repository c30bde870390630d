package dev.jnet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cgroup directories a daemon under test made for its containers under a name of the run (dockerd's
 * or podman's relative {@code --cgroup-parent}), in every hierarchy below {@code /sys/fs/cgroup} (v1 controllers and
 * the unified v2 one on this machine). The kernel removes a cgroup only when it is empty, so removing
 * them cannot touch anything but what the run left.
 */
final class CgroupDirs {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    /** Deep enough for the daemon's own cgroup (e.g. memory/process_api/ID) plus the run's name. */
    private static final int DEPTH = 6;

    private CgroupDirs() {}

    /** The pids in those directories and below them. */
    static List<Long> processes(String name) {
        List<Long> pids = new ArrayList<>();
        for (Path dir : find(name)) {
            for (Path sub : tree(dir)) {
                try {
                    Files.readAllLines(sub.resolve("cgroup.procs")).stream().filter(l -> l.matches("\\d+"))
                            .map(Long::parseLong).forEach(pids::add);
                } catch (IOException e) {
                    // removed meanwhile
                }
            }
        }
        return pids;
    }

    /** Removes those directories, deepest first; what could not be removed. */
    static List<String> remove(String name) {
        List<String> problems = new ArrayList<>();
        for (Path dir : find(name)) {
            for (Path sub : tree(dir).reversed()) {
                try {
                    Files.delete(sub); // rmdir: the kernel refuses while the cgroup holds a process
                } catch (IOException e) {
                    problems.add("remove cgroup " + sub + ": " + e.getMessage());
                }
            }
        }
        return problems;
    }

    private static List<Path> find(String name) {
        if (!name.matches("jnet-bench-[0-9]+-[a-z]+")) {
            throw new IllegalArgumentException("not a benchmark's cgroup name: " + name);
        }
        try (Stream<Path> dirs = Files.find(ROOT, DEPTH, (p, a) -> a.isDirectory() && p.getFileName().toString()
                .equals(name))) {
            List<Path> found = dirs.toList();
            // podman's conmon cgroup holds one of the same name (NAME/conmon/NAME): it goes with its parent
            return found.stream().filter(d -> found.stream().noneMatch(o -> !o.equals(d) && d.startsWith(o))).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new BenchmarkException("look for cgroups named " + name + " under " + ROOT + ": " + e.getMessage(), e);
        }
    }

    /** {@code dir} and its subdirectories, parents before children. */
    private static List<Path> tree(Path dir) {
        try (Stream<Path> dirs = Files.walk(dir)) {
            return dirs.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(dir);
        }
    }
}
