package dev.jnet.daemon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The cgroup directories a runtime under test made under a name of the test run (a relative cgroup parent),
 * in every hierarchy below {@code /sys/fs/cgroup}: their processes killed by pid, then the directories
 * removed, deepest first. The kernel removes only empty cgroups, so nothing but the run's can go.
 */
public final class TestCgroups {
    private TestCgroups() {}

    /** A name for the run's cgroups of {@code runtime}: {@code jnet-test-PID-RUNTIME}. */
    public static String name(String runtime) {
        return "jnet-test-" + ProcessHandle.current().pid() + "-" + runtime;
    }

    /** Kills what is left in the cgroups named {@code name} and removes them. */
    public static void clean(String name) {
        if (!name.matches("jnet-test-[0-9]+-[a-z]+")) {
            throw new IllegalArgumentException("not a test run's cgroup name: " + name);
        }
        for (Path cgroup : find(name)) {
            tree(cgroup).forEach(TestCgroups::killAll);
        }
        for (Path cgroup : find(name)) {
            for (Path dir : tree(cgroup).reversed()) {
                try {
                    Files.delete(dir);
                } catch (IOException e) {
                    System.err.println("cannot remove cgroup " + dir + ": " + e.getMessage());
                }
            }
        }
    }

    private static void killAll(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                ProcessHandle.of(Long.parseLong(line.strip())).ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().completeOnTimeout(p, 5, TimeUnit.SECONDS).join();
                });
            }
        } catch (IOException | NumberFormatException e) {
            // gone meanwhile
        }
    }

    private static List<Path> find(String name) {
        try (Stream<Path> found = Files.find(Path.of("/sys/fs/cgroup"), 6,
                (p, a) -> a.isDirectory() && p.getFileName().toString().equals(name))) {
            return found.toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** {@code dir} and its subdirectories, parents first. */
    private static List<Path> tree(Path dir) {
        try (Stream<Path> dirs = Files.walk(dir)) {
            return dirs.filter(Files::isDirectory).sorted(Comparator.comparingInt(Path::getNameCount)).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(dir);
        }
    }
}
