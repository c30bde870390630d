package dev.jnet.core.driver;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.kernel.netns.NetNs;

import java.util.Objects;

/**
 * An endpoint of a network in a sandbox's namespace: what {@link Driver#isJoined} asks about, as one item
 * of {@link Driver#joined}'s batch.
 */
public record Attachment(Network network, Endpoint endpoint, NetNs sandbox) {
    public Attachment {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(sandbox, "sandbox");
        if (!endpoint.network().equals(network.id())) {
            throw new IllegalArgumentException("endpoint " + endpoint.name() + " is not on network " + network.name());
        }
    }
}
