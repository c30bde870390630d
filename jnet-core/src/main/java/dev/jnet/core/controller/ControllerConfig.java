package dev.jnet.core.controller;

import java.nio.file.Path;

/**
 * Where a controller keeps things, each default declared once.
 *
 * @param stateDirectory the store and the sandboxes' hosts and resolv.conf files (default /var/lib/jnet)
 * @param runDirectory sandbox namespaces, under {@code netns/} (default /run/jnet)
 * @param hostResolvConf the host's resolver configuration, copied into sandboxes (default /etc/resolv.conf)
 * @param repairDrift whether the controller watches the kernel and repairs drift by itself (default true);
 *                    without it, drift stays until {@link Controller#reconcile} runs
 * @param hostId this host's id, which its endpoints carry (jnetd keeps one in its state directory)
 */
public record ControllerConfig(Path stateDirectory, Path runDirectory, Path hostResolvConf, boolean repairDrift,
                               String hostId) {
    public static final Path DEFAULT_STATE = Path.of("/var/lib/jnet");
    public static final Path DEFAULT_RUN = Path.of("/run/jnet");
    public static final Path DEFAULT_RESOLV_CONF = Path.of("/etc/resolv.conf");
    public static final boolean DEFAULT_REPAIR_DRIFT = true;
    /** The host id of a library user that gives none. */
    public static final String DEFAULT_HOST_ID = "local";

    public ControllerConfig {
        java.util.Objects.requireNonNull(hostId, "hostId");
        if (hostId.isBlank()) {
            throw new IllegalArgumentException("a host id cannot be blank");
        }
    }

    /** A configuration that repairs drift by itself. */
    public ControllerConfig(Path stateDirectory, Path runDirectory, Path hostResolvConf) {
        this(stateDirectory, runDirectory, hostResolvConf, DEFAULT_REPAIR_DRIFT, DEFAULT_HOST_ID);
    }

    public static ControllerConfig defaults() {
        return new ControllerConfig(DEFAULT_STATE, DEFAULT_RUN, DEFAULT_RESOLV_CONF);
    }

    public ControllerConfig withDirectories(Path state, Path run) {
        return new ControllerConfig(state, run, hostResolvConf, repairDrift, hostId);
    }

    public ControllerConfig withResolvConf(Path value) {
        return new ControllerConfig(stateDirectory, runDirectory, value, repairDrift, hostId);
    }

    public ControllerConfig withRepairDrift(boolean value) {
        return new ControllerConfig(stateDirectory, runDirectory, hostResolvConf, value, hostId);
    }

    public ControllerConfig withHostId(String value) {
        return new ControllerConfig(stateDirectory, runDirectory, hostResolvConf, repairDrift, value);
    }
}
