package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.core.store.StoredState;
import dev.jnet.error.JnetException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An immutable snapshot of the controller's objects. Readers use it without locks; writers build a new
 * one and swap it in after the store has the change.
 */
record State(Map<NetworkId, Network> networks, Map<EndpointId, Endpoint> endpoints, Map<SandboxId, Sandbox> sandboxes) {
    static final State EMPTY = new State(Map.of(), Map.of(), Map.of());

    State {
        networks = Map.copyOf(networks);
        endpoints = Map.copyOf(endpoints);
        sandboxes = Map.copyOf(sandboxes);
    }

    static State of(StoredState stored) {
        return new State(index(stored.networks(), Network::id), index(stored.endpoints(), Endpoint::id),
                index(stored.sandboxes(), Sandbox::id));
    }

    private static <K, V> Map<K, V> index(List<V> values, Function<V, K> key) {
        Map<K, V> map = new HashMap<>();
        values.forEach(v -> map.put(key.apply(v), v));
        return map;
    }

    State with(Network n) {
        Map<NetworkId, Network> copy = new HashMap<>(networks);
        copy.put(n.id(), n);
        return new State(copy, endpoints, sandboxes);
    }

    State without(NetworkId id) {
        Map<NetworkId, Network> copy = new HashMap<>(networks);
        copy.remove(id);
        return new State(copy, endpoints, sandboxes);
    }

    State with(Endpoint e) {
        Map<EndpointId, Endpoint> copy = new HashMap<>(endpoints);
        copy.put(e.id(), e);
        return new State(networks, copy, sandboxes);
    }

    State without(EndpointId id) {
        Map<EndpointId, Endpoint> copy = new HashMap<>(endpoints);
        copy.remove(id);
        return new State(networks, copy, sandboxes);
    }

    State with(Sandbox s) {
        Map<SandboxId, Sandbox> copy = new HashMap<>(sandboxes);
        copy.put(s.id(), s);
        return new State(networks, endpoints, copy);
    }

    State without(SandboxId id) {
        Map<SandboxId, Sandbox> copy = new HashMap<>(sandboxes);
        copy.remove(id);
        return new State(networks, endpoints, copy);
    }

    /** A network by full id, unique id prefix or name (a name wins, as in Docker). */
    Network network(String ref) {
        return find(ref, networks.values(), Network::name, n -> n.id().value(), "network");
    }

    Sandbox sandbox(String ref) {
        return find(ref, sandboxes.values(), Sandbox::name, s -> s.id().value(), "sandbox");
    }

    Optional<Network> networkNamed(String name) {
        return networks.values().stream().filter(n -> n.name().equals(name)).findFirst();
    }

    Optional<Sandbox> sandboxNamed(String name) {
        return sandboxes.values().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    List<Endpoint> endpointsOf(NetworkId network) {
        return endpoints.values().stream().filter(e -> e.network().equals(network))
                .sorted(Comparator.comparing(Endpoint::name)).toList();
    }

    List<Endpoint> endpointsOf(SandboxId sandbox) {
        return endpoints.values().stream().filter(e -> e.sandbox().equals(sandbox))
                .sorted(Comparator.comparing(e -> e.interfaceName().value())).toList();
    }

    Optional<Endpoint> endpoint(NetworkId network, SandboxId sandbox) {
        return endpoints.values().stream().filter(e -> e.network().equals(network) && e.sandbox().equals(sandbox))
                .findFirst();
    }

    private static <T> T find(String ref, Iterable<T> all, Function<T, String> name, Function<T, String> id, String what) {
        if (ref == null || ref.isEmpty()) {
            throw JnetException.invalid(what + " name or id must not be empty");
        }
        List<T> byPrefix = new ArrayList<>();
        for (T t : all) {
            if (name.apply(t).equals(ref) || id.apply(t).equals(ref)) {
                return t;
            }
            if (id.apply(t).startsWith(ref)) {
                byPrefix.add(t);
            }
        }
        if (byPrefix.size() == 1) {
            return byPrefix.getFirst();
        }
        if (byPrefix.isEmpty()) {
            throw JnetException.notFound(what + " " + ref + " not found");
        }
        throw JnetException.invalid(what + " " + ref + " is ambiguous (" + byPrefix.size()
                + " matches found based on ID prefix)");
    }
}
