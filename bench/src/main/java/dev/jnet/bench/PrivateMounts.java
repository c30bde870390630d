package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line that runs a daemon under test (dockerd, jnetd beside podman, podman's own processes) in a
 * fake host's network namespace and a private mount namespace: {@code /run} and {@code /var/lib} there
 * are fresh tmpfs (where runtimes keep state of their own: podman's {@code /run/containers} and
 * {@code /run/libpod}, CNI's result cache in {@code /var/lib/cni}), with the benchmark's directory and
 * {@code /var/lib/dpkg} (for the launcher's package check) bound back; then the daemon's {@link Mount}s,
 * such as a directory of the benchmark's over its configuration directory. So nothing of the machine's
 * own runtime state is read or written. The mounts go with the namespace's last process.
 */
final class PrivateMounts {
    /**
     * Runs as {@code sh -c SCRIPT sh DIR [KIND SOURCE TARGET]... -- COMMAND...}. mount(8) would resolve
     * {@code /proc/self/fd/3} to a path name, which after the tmpfs names the new, empty directory; with
     * --no-canonicalize the descriptor itself (the benchmark's directory) is bound.
     */
    private static final String SCRIPT = """
            set -eu
            dir="$1"; shift
            exec 3<"$dir" 4</var/lib/dpkg
            mount -t tmpfs -o mode=0755 jnet-bench-run /run
            mkdir -p "$dir"
            mount --no-canonicalize --bind /proc/self/fd/3 "$dir"
            mount -t tmpfs -o mode=0755 jnet-bench-var-lib /var/lib
            mkdir -p /var/lib/dpkg
            mount --no-canonicalize --bind /proc/self/fd/4 /var/lib/dpkg
            exec 3<&- 4<&-
            while [ "$1" != "--" ]; do
              mount --bind "$1" "$2"
              shift 2
            done
            shift
            exec "$@"
            """;

    private PrivateMounts() {}

    /** {@code source} bound over {@code target}, which must exist on the machine. */
    record Mount(Path source, Path target) {
        Mount {
            if (!source.isAbsolute() || !target.isAbsolute() || target.startsWith("/run") || target.startsWith("/var/lib")) {
                throw new IllegalArgumentException("a bind mount needs absolute paths outside the tmpfs: " + source
                        + " over " + target);
            }
        }
    }

    /**
     * {@code command} in {@code host}'s network namespace and a new mount namespace, with {@code dir} (the
     * benchmark's, below {@code /run}) kept and {@code mounts} made. unshare, sh and nsenter exec, so the
     * started process's pid is the command's.
     */
    static List<String> command(NetNs host, Path dir, List<Mount> mounts, List<String> command) {
        if (!dir.startsWith("/run/")) {
            throw new IllegalArgumentException("the directory to keep must lie below /run: " + dir);
        }
        List<String> line = new ArrayList<>(List.of("nsenter", "--net=" + host.path(), "unshare", "--mount",
                "--propagation", "private", "sh", "-c", SCRIPT, "sh", dir.toString()));
        for (Mount m : mounts) {
            line.addAll(List.of(m.source().toString(), m.target().toString()));
        }
        line.add("--");
        line.addAll(command);
        return line;
    }
}
