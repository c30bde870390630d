package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What each change announces once it is durable (in the store and the kernel): one line at INFO with
 * names and short ids, so that an operator can follow what happened to which object ({@code grep
 * 5e1a2b3c4d5e}), and a {@link ChangeEvent} to every listener (jnetd's event streams). Networks and
 * sandboxes created and removed, sandboxes connected and disconnected; repairs log their own line
 * ({@link DriftRepair}) and announce a {@code repair} event here.
 */
final class Changes {
    private static final System.Logger LOG = System.getLogger("dev.jnet.core.controller.ChangeLog");

    private final List<Consumer<ChangeEvent>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; it runs on the thread that made the change, so it must be quick and must not throw. */
    void listen(Consumer<ChangeEvent> listener) {
        listeners.add(listener);
    }

    void networkCreated(Network n) {
        List<String> subnets = new ArrayList<>();
        n.pools().stream().map(IpamPool::subnet).forEach(s -> subnets.add(s.toString()));
        info("network created: " + n.name() + " (id " + n.id().shortId() + ", driver " + n.driver()
                + (subnets.isEmpty() ? "" : ", subnets " + String.join(" ", subnets)) + ")");
        announce(new ChangeEvent("network", "create", n.id().value(), n.name(), Map.of("type", n.driver()), Instant.now()));
    }

    void networkRemoved(Network n) {
        info("network removed: " + n.name() + " (id " + n.id().shortId() + ")");
        announce(new ChangeEvent("network", "destroy", n.id().value(), n.name(), Map.of("type", n.driver()), Instant.now()));
    }

    void sandboxCreated(Sandbox s) {
        info("sandbox created: " + s.name() + " (id " + s.id().shortId() + (s.hostNetwork() ? ", the host's namespace" : "")
                + ")");
        announce(new ChangeEvent("sandbox", "create", s.id().value(), s.name(), Map.of(), Instant.now()));
    }

    void sandboxRemoved(Sandbox s) {
        info("sandbox removed: " + s.name() + " (id " + s.id().shortId() + ")");
        announce(new ChangeEvent("sandbox", "destroy", s.id().value(), s.name(), Map.of(), Instant.now()));
    }

    void connected(Network n, Sandbox s, Endpoint e) {
        List<String> addresses = new ArrayList<>();
        e.ipv4().ifPresent(a -> addresses.add(a.toString()));
        e.ipv6().ifPresent(a -> addresses.add(a.toString()));
        info("connected: sandbox " + s.name() + " (id " + s.id().shortId() + ") to network " + n.name() + " (id "
                + n.id().shortId() + ") as " + e.interfaceName() + ", endpoint " + e.id().shortId()
                + (addresses.isEmpty() ? "" : ", " + String.join(" ", addresses))
                + (e.ports().isEmpty() ? "" : ", " + e.ports().size() + " published ports"));
        announce(joinEvent("connect", n, s, e));
    }

    void disconnected(Network n, Sandbox s, Endpoint e) {
        info("disconnected: sandbox " + s.name() + " (id " + s.id().shortId() + ") from network " + n.name() + " (id "
                + n.id().shortId() + "), endpoint " + e.id().shortId());
        announce(joinEvent("disconnect", n, s, e));
    }

    /** A repair DriftRepair made (it logs its own line). */
    void repaired(String what) {
        announce(new ChangeEvent("jnet", "repair", "", what, Map.of(), Instant.now()));
    }

    private static ChangeEvent joinEvent(String action, Network n, Sandbox s, Endpoint e) {
        return new ChangeEvent("network", action, n.id().value(), n.name(), Map.of("type", n.driver(),
                "container", s.id().value(), "sandbox", s.name(), "endpoint", e.id().value()), Instant.now());
    }

    private void announce(ChangeEvent event) {
        for (Consumer<ChangeEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a change listener failed on " + event + ": " + e);
            }
        }
    }

    private static void info(String line) {
        LOG.log(System.Logger.Level.INFO, line);
    }
}
