package dev.jnet.core.controller;

import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.NetworkId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the kernel's notifications make the drift watcher suspect, to be checked after a short pause:
 * networks and endpoints whose kernel objects changed, the drivers' shared state (the firewall), or
 * everything (notifications were lost).
 *
 * @param causes what was seen, in words, for the log line of a repair (the first few only)
 */
record Suspicion(Set<NetworkId> networks, Set<EndpointId> endpoints, boolean sharedState, boolean everything,
                 List<String> causes) {
    private static final int MAX_CAUSES = 5;
    static final Suspicion NONE = new Suspicion(Set.of(), Set.of(), false, false, List.of());

    Suspicion {
        networks = Set.copyOf(networks);
        endpoints = Set.copyOf(endpoints);
        causes = List.copyOf(causes.subList(0, Math.min(causes.size(), MAX_CAUSES)));
    }

    static Suspicion network(NetworkId id, String cause) {
        return new Suspicion(Set.of(id), Set.of(), false, false, List.of(cause));
    }

    static Suspicion endpoint(EndpointId id, String cause) {
        return new Suspicion(Set.of(), Set.of(id), false, false, List.of(cause));
    }

    static Suspicion sharedState(String cause) {
        return new Suspicion(Set.of(), Set.of(), true, false, List.of(cause));
    }

    static Suspicion everything(String cause) {
        return new Suspicion(Set.of(), Set.of(), true, true, List.of(cause));
    }

    boolean isEmpty() {
        return networks.isEmpty() && endpoints.isEmpty() && !sharedState && !everything;
    }

    Suspicion and(Suspicion other) {
        Set<NetworkId> n = new HashSet<>(networks);
        n.addAll(other.networks);
        Set<EndpointId> e = new HashSet<>(endpoints);
        e.addAll(other.endpoints);
        List<String> c = new ArrayList<>(causes);
        other.causes.stream().filter(x -> !c.contains(x)).forEach(c::add);
        return new Suspicion(n, e, sharedState || other.sharedState, everything || other.everything, c);
    }
}
