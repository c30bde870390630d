package dev.jnet.core.controller;

import dev.jnet.core.firewall.ForeignFirewallMode;

import java.nio.file.Path;

/**
 * Where a controller keeps things, each default declared once.
 *
 * @param stateDirectory the store and the sandboxes' hosts and resolv.conf files (default /var/lib/jnet)
 * @param runDirectory sandbox namespaces, under {@code netns/} (default /run/jnet)
 * @param hostResolvConf the host's resolver configuration, copied into sandboxes (default /etc/resolv.conf)
 * @param defaultBridgeName the Linux bridge of the predefined {@code bridge} network (default jnet0)
 * @param foreignFirewall what to do about another firewall's forward chain that would drop jnet's bridges'
 *                        traffic (default insert: accept rules for jnet's bridges; leave: only report)
 * @param repairDrift whether the controller watches the kernel and repairs drift by itself (default true);
 *                    without it, drift stays until {@link Controller#reconcile} runs
 */
public record ControllerConfig(Path stateDirectory, Path runDirectory, Path hostResolvConf, String defaultBridgeName,
                               ForeignFirewallMode foreignFirewall, boolean repairDrift) {
    public static final Path DEFAULT_STATE = Path.of("/var/lib/jnet");
    public static final Path DEFAULT_RUN = Path.of("/run/jnet");
    public static final Path DEFAULT_RESOLV_CONF = Path.of("/etc/resolv.conf");
    public static final String DEFAULT_BRIDGE = "jnet0";
    public static final boolean DEFAULT_REPAIR_DRIFT = true;

    /** A configuration with the default foreign-firewall mode that repairs drift by itself. */
    public ControllerConfig(Path stateDirectory, Path runDirectory, Path hostResolvConf, String defaultBridgeName) {
        this(stateDirectory, runDirectory, hostResolvConf, defaultBridgeName, ForeignFirewallMode.DEFAULT,
                DEFAULT_REPAIR_DRIFT);
    }

    public static ControllerConfig defaults() {
        return new ControllerConfig(DEFAULT_STATE, DEFAULT_RUN, DEFAULT_RESOLV_CONF, DEFAULT_BRIDGE);
    }

    public ControllerConfig withDirectories(Path state, Path run) {
        return new ControllerConfig(state, run, hostResolvConf, defaultBridgeName, foreignFirewall, repairDrift);
    }

    public ControllerConfig withForeignFirewall(ForeignFirewallMode mode) {
        return new ControllerConfig(stateDirectory, runDirectory, hostResolvConf, defaultBridgeName, mode, repairDrift);
    }

    public ControllerConfig withRepairDrift(boolean value) {
        return new ControllerConfig(stateDirectory, runDirectory, hostResolvConf, defaultBridgeName, foreignFirewall,
                value);
    }
}
