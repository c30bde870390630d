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
import java.util.regex.Pattern;

/**
 * An immutable snapshot of the controller's objects. Readers use it without locks; writers build a new
 * one and swap it in after the store has the change. A change copies a small part of each map
 * ({@link SnapshotMap}), and lookups by name or by sandbox use indexes: at 10,000 endpoints a copy of
 * every map and a scan per lookup made each connect slower than the last.
 */
final class State {
    static final State EMPTY = new State(SnapshotMap.empty(), SnapshotMap.empty(), SnapshotMap.empty(),
            SnapshotMap.empty(), SnapshotMap.empty(), SnapshotMap.empty(), SnapshotMap.empty());
    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Comparator<Endpoint> BY_INTERFACE = Comparator.comparing(e -> e.interfaceName().value());

    private final SnapshotMap<NetworkId, Network> networks;
    private final SnapshotMap<EndpointId, Endpoint> endpoints;
    private final SnapshotMap<SandboxId, Sandbox> sandboxes;
    private final SnapshotMap<String, Network> networksByName;
    private final SnapshotMap<String, Sandbox> sandboxesByName;
    /** Each sandbox's endpoints, by interface name; a sandbox without endpoints has no entry. */
    private final SnapshotMap<SandboxId, List<Endpoint>> endpointsBySandbox;
    /** Endpoints by {@link EndpointId#nameDigits}, which kernel object names carry: a new id must not share them. */
    private final SnapshotMap<String, EndpointId> endpointsByNameDigits;

    private State(SnapshotMap<NetworkId, Network> networks, SnapshotMap<EndpointId, Endpoint> endpoints,
                  SnapshotMap<SandboxId, Sandbox> sandboxes, SnapshotMap<String, Network> networksByName,
                  SnapshotMap<String, Sandbox> sandboxesByName, SnapshotMap<SandboxId, List<Endpoint>> endpointsBySandbox,
                  SnapshotMap<String, EndpointId> endpointsByNameDigits) {
        this.networks = networks;
        this.endpoints = endpoints;
        this.sandboxes = sandboxes;
        this.networksByName = networksByName;
        this.sandboxesByName = sandboxesByName;
        this.endpointsBySandbox = endpointsBySandbox;
        this.endpointsByNameDigits = endpointsByNameDigits;
    }

    /** The state of a store, built in one pass (a change at a time copied a part per record at start-up). */
    static State of(StoredState stored) {
        Map<SandboxId, List<Endpoint>> bySandbox = new HashMap<>();
        for (Endpoint e : stored.endpoints()) {
            bySandbox.computeIfAbsent(e.sandbox(), k -> new ArrayList<>()).add(e);
        }
        bySandbox.replaceAll((sandbox, list) -> list.stream().sorted(BY_INTERFACE).toList());
        return new State(index(stored.networks(), Network::id), index(stored.endpoints(), Endpoint::id),
                index(stored.sandboxes(), Sandbox::id), index(stored.networks(), Network::name),
                index(stored.sandboxes(), Sandbox::name), SnapshotMap.copyOf(bySandbox),
                index(stored.endpoints().stream().map(Endpoint::id).toList(), EndpointId::nameDigits));
    }

    private static <K, V> SnapshotMap<K, V> index(List<V> values, Function<V, K> key) {
        Map<K, V> map = new HashMap<>();
        values.forEach(v -> map.put(key.apply(v), v));
        return SnapshotMap.copyOf(map);
    }

    Map<NetworkId, Network> networks() {
        return networks;
    }

    Map<EndpointId, Endpoint> endpoints() {
        return endpoints;
    }

    Map<SandboxId, Sandbox> sandboxes() {
        return sandboxes;
    }

    State with(Network n) {
        SnapshotMap<String, Network> names = networksByName;
        Network old = networks.get(n.id());
        if (old != null && names.get(old.name()) == old) {
            names = names.without(old.name());
        }
        return new State(networks.with(n.id(), n), endpoints, sandboxes, names.with(n.name(), n),
                sandboxesByName, endpointsBySandbox, endpointsByNameDigits);
    }

    State without(NetworkId id) {
        Network old = networks.get(id);
        if (old == null) {
            return this;
        }
        SnapshotMap<String, Network> names = networksByName.get(old.name()) == old
                ? networksByName.without(old.name()) : networksByName;
        return new State(networks.without(id), endpoints, sandboxes, names, sandboxesByName, endpointsBySandbox,
                endpointsByNameDigits);
    }

    State with(Endpoint e) {
        State base = endpoints.containsKey(e.id()) ? without(e.id()) : this;
        List<Endpoint> ofSandbox = new ArrayList<>(base.endpointsBySandbox.getOrDefault(e.sandbox(), List.of()));
        ofSandbox.add(e);
        ofSandbox.sort(BY_INTERFACE);
        return new State(base.networks, base.endpoints.with(e.id(), e), base.sandboxes, base.networksByName,
                base.sandboxesByName, base.endpointsBySandbox.with(e.sandbox(), List.copyOf(ofSandbox)),
                base.endpointsByNameDigits.with(e.id().nameDigits(), e.id()));
    }

    State without(EndpointId id) {
        Endpoint old = endpoints.get(id);
        if (old == null) {
            return this;
        }
        List<Endpoint> ofSandbox = endpointsBySandbox.getOrDefault(old.sandbox(), List.of()).stream()
                .filter(e -> !e.id().equals(id)).toList();
        return new State(networks, endpoints.without(id), sandboxes, networksByName, sandboxesByName,
                ofSandbox.isEmpty() ? endpointsBySandbox.without(old.sandbox())
                        : endpointsBySandbox.with(old.sandbox(), ofSandbox),
                id.equals(endpointsByNameDigits.get(id.nameDigits()))
                        ? endpointsByNameDigits.without(id.nameDigits()) : endpointsByNameDigits);
    }

    State with(Sandbox s) {
        SnapshotMap<String, Sandbox> names = sandboxesByName;
        Sandbox old = sandboxes.get(s.id());
        if (old != null && names.get(old.name()) == old) {
            names = names.without(old.name());
        }
        return new State(networks, endpoints, sandboxes.with(s.id(), s), networksByName, names.with(s.name(), s),
                endpointsBySandbox, endpointsByNameDigits);
    }

    State without(SandboxId id) {
        Sandbox old = sandboxes.get(id);
        if (old == null) {
            return this;
        }
        SnapshotMap<String, Sandbox> names = sandboxesByName.get(old.name()) == old
                ? sandboxesByName.without(old.name()) : sandboxesByName;
        return new State(networks, endpoints, sandboxes.without(id), networksByName, names, endpointsBySandbox,
                endpointsByNameDigits);
    }

    /** A network by full id, unique id prefix or name (a name wins, as in Docker). */
    Network network(String ref) {
        Network named = ref == null ? null : networksByName.get(ref);
        if (named != null) {
            return named;
        }
        Network byId = isFullId(ref) ? networks.get(new NetworkId(ref)) : null;
        return byId != null ? byId : find(ref, networks.values(), Network::name, n -> n.id().value(), "network");
    }

    Sandbox sandbox(String ref) {
        Sandbox named = ref == null ? null : sandboxesByName.get(ref);
        if (named != null) {
            return named;
        }
        Sandbox byId = isFullId(ref) ? sandboxes.get(new SandboxId(ref)) : null;
        return byId != null ? byId : find(ref, sandboxes.values(), Sandbox::name, s -> s.id().value(), "sandbox");
    }

    private static boolean isFullId(String ref) {
        return ref != null && FULL_ID.matcher(ref).matches();
    }

    Optional<Network> networkNamed(String name) {
        return Optional.ofNullable(networksByName.get(name));
    }

    Optional<Sandbox> sandboxNamed(String name) {
        return Optional.ofNullable(sandboxesByName.get(name));
    }

    List<Endpoint> endpointsOf(NetworkId network) {
        return endpoints.values().stream().filter(e -> e.network().equals(network))
                .sorted(Comparator.comparing(Endpoint::name)).toList();
    }

    /** Whether an endpoint's id starts with these {@link EndpointId#nameDigits}. */
    boolean nameDigitsTaken(String digits) {
        return endpointsByNameDigits.containsKey(digits);
    }

    List<Endpoint> endpointsOf(SandboxId sandbox) {
        return endpointsBySandbox.getOrDefault(sandbox, List.of());
    }

    Optional<Endpoint> endpoint(NetworkId network, SandboxId sandbox) {
        return endpointsOf(sandbox).stream().filter(e -> e.network().equals(network)).findFirst();
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
