package dev.jnet.daemon.testing;

import dev.jnet.kernel.testing.ThrowawayNs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line that runs a daemon under test (dockerd, containerd, or jnetd beside podman) in a fake host's
 * network namespace and a private mount namespace: {@code /run} and {@code /var/lib} there are fresh tmpfs
 * (where runtimes keep state of their own, such as CNI's result cache in {@code /var/lib/cni}), with the
 * test's directory and {@code /var/lib/dpkg} (for the launcher's package check) bound back; then the
 * daemon's {@link Mount}s, such as a directory of the test's over its configuration directory. So nothing of
 * the machine's own runtime state is read or written. The mounts go with the namespace's last process.
 */
public final class PrivateMounts {
    /** {@code sh -c SCRIPT sh DIR [KIND SOURCE TARGET]... -- COMMAND...}. */
    private static final String SCRIPT = """
            set -eu
            dir="$1"; shift
            exec 3<"$dir" 4</var/lib/dpkg
            mount -t tmpfs -o mode=0755 jnet-test-run /run
            mkdir -p "$dir"
            mount --no-canonicalize --bind /proc/self/fd/3 "$dir"
            mount -t tmpfs -o mode=0755 jnet-test-var-lib /var/lib
            mkdir -p /var/lib/dpkg
            mount --no-canonicalize --bind /proc/self/fd/4 /var/lib/dpkg
            exec 3<&- 4<&-
            while [ "$1" != "--" ]; do
              case "$1" in
                tmpfs) mount -t tmpfs -o mode=0755 jnet-test "$3" ;;
                mkdir) mkdir -p "$3" ;;
                bind) mount --bind "$2" "$3" ;;
              esac
              shift 3
            done
            shift
            exec "$@"
            """;

    private PrivateMounts() {}

    /**
     * One mount of a daemon's. A target must exist on the machine, or lie in a tmpfs mounted before it:
     * {@code mkdir} is only for such a tmpfs.
     */
    public record Mount(String kind, String source, String target) {
        /** An empty tmpfs over {@code target}. */
        public static Mount tmpfs(String target) {
            return new Mount("tmpfs", "-", target);
        }

        /** A new directory inside a tmpfs of this list. */
        public static Mount mkdir(String target) {
            return new Mount("mkdir", "-", target);
        }

        /** {@code source} bound over {@code target}. */
        public static Mount bind(Path source, String target) {
            return new Mount("bind", source.toString(), target);
        }
    }

    /** {@code command} in {@code host}'s network namespace, with {@code dir} (the test's) kept and {@code mounts} made. */
    public static List<String> command(ThrowawayNs host, Path dir, List<Mount> mounts, List<String> command) {
        List<String> line = new ArrayList<>(List.of("nsenter", "--net=" + host.ns().path(), "unshare", "--mount",
                "--propagation", "private", "sh", "-c", SCRIPT, "sh", dir.toString()));
        for (Mount m : mounts) {
            line.addAll(List.of(m.kind(), m.source(), m.target()));
        }
        line.add("--");
        line.addAll(command);
        return line;
    }
}
