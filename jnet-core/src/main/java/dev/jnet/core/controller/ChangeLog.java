package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The one line at INFO that each change logs once it is durable (in the store and the kernel): networks
 * and sandboxes created and removed, sandboxes connected and disconnected, with names and short ids, so
 * that an operator can follow what happened to which object ({@code grep 5e1a2b3c4d5e}). Repairs log their
 * own line ({@link DriftRepair}).
 */
final class ChangeLog {
    private static final System.Logger LOG = System.getLogger(ChangeLog.class.getName());

    private ChangeLog() {}

    static void networkCreated(Network n) {
        List<String> subnets = new ArrayList<>();
        n.pools().stream().map(IpamPool::subnet).forEach(s -> subnets.add(s.toString()));
        info("network created: " + n.name() + " (id " + n.id().shortId() + ", driver " + n.driver()
                + (subnets.isEmpty() ? "" : ", subnets " + String.join(" ", subnets)) + ")");
    }

    static void networkRemoved(Network n) {
        info("network removed: " + n.name() + " (id " + n.id().shortId() + ")");
    }

    static void sandboxCreated(Sandbox s) {
        info("sandbox created: " + s.name() + " (id " + s.id().shortId() + (s.hostNetwork() ? ", the host's namespace" : "")
                + ")");
    }

    static void sandboxRemoved(Sandbox s) {
        info("sandbox removed: " + s.name() + " (id " + s.id().shortId() + ")");
    }

    static void connected(Network n, Sandbox s, Endpoint e) {
        List<String> addresses = new ArrayList<>();
        e.ipv4().ifPresent(a -> addresses.add(a.toString()));
        e.ipv6().ifPresent(a -> addresses.add(a.toString()));
        info("connected: sandbox " + s.name() + " (id " + s.id().shortId() + ") to network " + n.name() + " (id "
                + n.id().shortId() + ") as " + e.interfaceName() + ", endpoint " + e.id().shortId()
                + (addresses.isEmpty() ? "" : ", " + String.join(" ", addresses))
                + (e.ports().isEmpty() ? "" : ", " + e.ports().size() + " published ports"));
    }

    static void disconnected(Network n, Sandbox s, Endpoint e) {
        info("disconnected: sandbox " + s.name() + " (id " + s.id().shortId() + ") from network " + n.name() + " (id "
                + n.id().shortId() + "), endpoint " + e.id().shortId());
    }

    private static void info(String line) {
        LOG.log(System.Logger.Level.INFO, line);
    }
}
