package dev.jnet.daemon.testing;

import dev.jnet.kernel.testing.ThrowawayNs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line that runs a daemon under test (dockerd, or jnetd beside podman) in a fake host's network
 * namespace and a private mount namespace: {@code /run} and {@code /var/lib} there are fresh tmpfs (where
 * runtimes keep state of their own, such as CNI's result cache in {@code /var/lib/cni}), with the test's
 * directory and {@code /var/lib/dpkg} (for the launcher's package check) bound back, and a directory of the
 * test's bound over the daemon's configuration directory, so that nothing of the machine's own runtime
 * state is read or written. The mounts go with the namespace's last process.
 */
public final class PrivateMounts {
    /** {@code sh -c SCRIPT sh DIR CONFIG TARGET COMMAND...}. */
    private static final String SCRIPT = """
            set -eu
            dir="$1"; config="$2"; target="$3"; shift 3
            exec 3<"$dir" 4</var/lib/dpkg
            mount -t tmpfs -o mode=0755 jnet-test-run /run
            mkdir -p "$dir"
            mount --no-canonicalize --bind /proc/self/fd/3 "$dir"
            mount -t tmpfs -o mode=0755 jnet-test-var-lib /var/lib
            mkdir -p /var/lib/dpkg
            mount --no-canonicalize --bind /proc/self/fd/4 /var/lib/dpkg
            exec 3<&- 4<&-
            mount --bind "$config" "$target"
            exec "$@"
            """;

    private PrivateMounts() {}

    /**
     * {@code command} in {@code host}'s network namespace, with {@code dir} (the test's, holding {@code config})
     * kept and {@code config} bound over {@code target}.
     */
    public static List<String> command(ThrowawayNs host, Path dir, Path config, String target, List<String> command) {
        List<String> line = new ArrayList<>(List.of("nsenter", "--net=" + host.ns().path(), "unshare", "--mount",
                "--propagation", "private", "sh", "-c", SCRIPT, "sh", dir.toString(), config.toString(), target));
        line.addAll(command);
        return line;
    }
}
