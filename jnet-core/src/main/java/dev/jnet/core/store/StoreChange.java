package dev.jnet.core.store;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;

/** One change to stored state; a list of them is written as one transaction. */
public sealed interface StoreChange {
    record PutNetwork(Network network) implements StoreChange {}

    record DeleteNetwork(NetworkId id) implements StoreChange {}

    record PutEndpoint(Endpoint endpoint) implements StoreChange {}

    record DeleteEndpoint(EndpointId id) implements StoreChange {}

    record PutSandbox(Sandbox sandbox) implements StoreChange {}

    record DeleteSandbox(SandboxId id) implements StoreChange {}
}
