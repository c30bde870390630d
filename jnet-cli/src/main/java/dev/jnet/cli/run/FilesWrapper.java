package dev.jnet.cli.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the command in a mount and UTS namespace of its own ({@code unshare}), where the sandbox's hosts and
 * resolv.conf are bind-mounted over /etc/hosts and /etc/resolv.conf and the host name is the sandbox's, as in
 * a container. The mounts are private to the command and vanish with it. {@code unshare} and the shell exec,
 * so the command keeps the PID that jnet started: signals and the exit code reach it unchanged.
 */
final class FilesWrapper {
    /** Exit status when the wrapper itself fails (docker's 125: the failure is jnet's, not the command's). */
    static final int SETUP_FAILED = 125;

    static final String SCRIPT = """
            fail() { echo "jnet: $1" >&2; exit %d; }
            if [ -f "$1" ] && [ -e /etc/resolv.conf ]; then
              mount --bind "$1" /etc/resolv.conf || fail "cannot bind-mount $1 on /etc/resolv.conf"
            fi
            if [ -f "$2" ] && [ -e /etc/hosts ]; then
              mount --bind "$2" /etc/hosts || fail "cannot bind-mount $2 on /etc/hosts"
            fi
            if [ -n "$3" ]; then
              printf '%%s' "$3" > /proc/sys/kernel/hostname || fail "cannot set the host name to $3"
            fi
            shift 3
            exec "$@"
            """.formatted(SETUP_FAILED);

    private FilesWrapper() {}

    /** The full command line: {@code unshare ... sh -c SCRIPT jnet-run RESOLV HOSTS HOSTNAME COMMAND...}. */
    static List<String> wrap(String unshare, SandboxView sandbox, List<String> command) {
        List<String> full = new ArrayList<>(List.of(unshare, "--mount", "--uts", "--propagation", "private", "--",
                "/bin/sh", "-c", SCRIPT, "jnet-run",
                sandbox.resolvConfPath() == null ? "" : sandbox.resolvConfPath().toString(),
                sandbox.hostsPath() == null ? "" : sandbox.hostsPath().toString(),
                sandbox.hostname()));
        full.addAll(command);
        return full;
    }
}
