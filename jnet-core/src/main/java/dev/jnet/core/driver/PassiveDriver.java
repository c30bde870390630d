package dev.jnet.core.driver;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;

import java.net.InetAddress;
import java.util.Optional;

/**
 * A driver that makes nothing: {@code host} (the sandbox shares the host's namespace) and {@code null}
 * (the sandbox keeps its own namespace with only loopback). What differs between them is the sandbox's
 * namespace, which the controller chooses; only the predefined {@code host} and {@code none} networks
 * use them, as in Docker.
 */
public record PassiveDriver(String name) implements Driver {
    public static final PassiveDriver HOST = new PassiveDriver("host");
    public static final PassiveDriver NULL = new PassiveDriver("null");

    @Override
    public void validate(NetworkSpec spec) {
        if (!spec.options().isEmpty()) {
            throw JnetException.invalid("the " + name + " driver takes no options");
        }
    }

    @Override
    public IpamNeeds ipamNeeds(NetworkSpec spec, boolean ipv6) {
        return IpamNeeds.NONE;
    }

    @Override
    public void createNetwork(Network network) {
    }

    @Override
    public void deleteNetwork(Network network) {
    }

    @Override
    public JoinResult join(Network network, Endpoint endpoint, NetNs sandbox) {
        return JoinResult.NOTHING;
    }

    @Override
    public Optional<InetAddress> gateway(Network network, boolean ipv6) {
        return Optional.empty();
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
}
