package dev.jnet.core.store;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;

import java.util.List;

/** Everything the store holds, as read at start-up. */
public record StoredState(List<Network> networks, List<Endpoint> endpoints, List<Sandbox> sandboxes) {
    public static final StoredState EMPTY = new StoredState(List.of(), List.of(), List.of());

    public StoredState {
        networks = List.copyOf(networks);
        endpoints = List.copyOf(endpoints);
        sandboxes = List.copyOf(sandboxes);
    }
}
