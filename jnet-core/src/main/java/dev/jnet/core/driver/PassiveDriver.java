package dev.jnet.core.driver;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;

import java.util.Optional;

/**
 * A driver that makes nothing: {@code host} (the sandbox shares the host's namespace) and {@code null}
 * (the sandbox keeps its own namespace with only loopback, and no other network). Each has only its
 * predefined network ({@code host}, {@code none}), as in Docker.
 */
public record PassiveDriver(String name, Capabilities capabilities, String predefinedName) implements Driver {
    public static final PassiveDriver HOST = new PassiveDriver("host",
            Capabilities.passive(Capabilities.Namespace.HOST, false), "host");
    public static final PassiveDriver NULL = new PassiveDriver("null",
            Capabilities.passive(Capabilities.Namespace.OWN, true), "none");

    @Override
    public NetworkPlan plan(NetworkId id, NetworkSpec spec) {
        if (!spec.options().isEmpty()) {
            throw JnetException.invalid("the " + name + " driver takes no options");
        }
        return NetworkPlan.NOTHING;
    }

    @Override
    public void createNetwork(Network network, NetworkPlan plan) {
    }

    @Override
    public void deleteNetwork(Network network) {
    }

    @Override
    public JoinResult join(JoinRequest request) {
        return JoinResult.NOTHING;
    }

    @Override
    public void leave(Network network, Endpoint endpoint, NetNs sandbox) {
    }

    @Override
    public boolean ensureNetwork(Network network) {
        return false;
    }

    @Override
    public boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox) {
        return true;
    }

    @Override
    public Optional<NetworkSpec> predefinedNetwork() {
        return Optional.of(NetworkSpec.named(predefinedName).withDriver(name));
    }
}
