package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.core.resolver.NameTable;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The resolver's view of a controller state: who answers to which names where, and upstream servers.
 * {@code resolves} says which networks' sandboxes resolve names through the embedded resolver.
 */
final class DnsTable {
    private DnsTable() {}

    /** Whether the sandbox, with these endpoints, gets a resolver at 127.0.0.11. */
    static boolean needsResolver(State state, Sandbox sandbox, List<Endpoint> endpoints, Predicate<Network> resolves) {
        return !sandbox.hostNetwork() && endpoints.stream()
                .map(e -> state.networks().get(e.network())).anyMatch(n -> n != null && resolves.test(n));
    }

    static NameTable of(State state, List<InetAddress> hostServers, Predicate<Network> resolves) {
        return of(state, hostServers, resolves, Map.of(), n -> false);
    }

    /**
     * With the names of global networks' endpoints on other hosts ({@code remote}, by network), and the
     * resolvers at the gateways of the networks {@code atGateway} says answer there: each answers for its
     * network, under {@link GatewayResolvers#idOf}, and forwards to the host's servers.
     */
    static NameTable of(State state, List<InetAddress> hostServers, Predicate<Network> resolves,
                        Map<NetworkId, List<RemoteName>> remote, Predicate<Network> atGateway) {
        List<NameTable.Entry> entries = new ArrayList<>();
        Map<SandboxId, List<InetSocketAddress>> upstreams = new HashMap<>();
        List<InetSocketAddress> hostUpstreams = hostServers.stream().map(a -> new InetSocketAddress(a, 53)).toList();
        for (Network network : state.networks().values()) {
            if (resolves.test(network) && atGateway.test(network)) {
                SandboxId gateway = GatewayResolvers.idOf(network);
                entries.add(new NameTable.Entry(network.id(), network.name(), gateway, List.of(), List.of()));
                upstreams.put(gateway, hostUpstreams);
            }
        }
        for (Endpoint e : state.endpoints().values()) {
            Network network = state.networks().get(e.network());
            Sandbox sandbox = state.sandboxes().get(e.sandbox());
            if (network == null || sandbox == null || sandbox.hostNetwork() || !resolves.test(network)) {
                continue;
            }
            entries.add(new NameTable.Entry(network.id(), network.name(), sandbox.id(), names(sandbox, network, e),
                    Stream.of(e.ipv4(), e.ipv6()).flatMap(Optional::stream).map(Cidr::address).toList()));
            List<InetAddress> servers = sandbox.dns().servers().isEmpty() ? hostServers : sandbox.dns().servers();
            upstreams.put(sandbox.id(), servers.stream().map(a -> new InetSocketAddress(a, 53)).toList());
        }
        remote.forEach((id, names) -> {
            Network network = state.networks().get(id);
            if (network != null && resolves.test(network)) {
                for (RemoteName r : names) {
                    // Not a sandbox of this host: an id of its own, so that it answers for no sandbox here.
                    entries.add(new NameTable.Entry(id, network.name(), new SandboxId(r.endpoint()), r.names(),
                            List.of(r.address())));
                }
            }
        });
        return new NameTable(entries, upstreams);
    }

    /** The sandbox's name first (it names PTR answers), then hostname, aliases, short id, name.network. */
    private static List<String> names(Sandbox sandbox, Network network, Endpoint e) {
        Set<String> names = new LinkedHashSet<>();
        names.add(sandbox.name());
        names.add(sandbox.hostname());
        names.addAll(e.aliases());
        names.add(sandbox.id().shortId());
        names.add(sandbox.name() + "." + network.name());
        return List.copyOf(names);
    }
}
