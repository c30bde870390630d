package dev.jnet.core.resolver;

import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.SandboxId;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who resolves what: for each network, the names its endpoints answer to; for each sandbox, the networks
 * it is on and its upstream servers. Immutable: a change builds a new table and swaps it in whole, so a
 * query always sees one consistent state.
 */
public final class NameTable {
    /** An empty table: every name is forwarded, no sandbox is known. */
    public static final NameTable EMPTY = new NameTable(List.of(), Map.of());

    /** Names lower-cased without the trailing dot, by network. */
    private final Map<NetworkId, Map<String, List<InetAddress>>> names = new HashMap<>();
    /** The name a PTR query gets, by network and address. */
    private final Map<NetworkId, Map<InetAddress, String>> pointers = new HashMap<>();
    private final Map<SandboxId, Set<NetworkId>> networksOf = new HashMap<>();
    private final Map<SandboxId, List<InetSocketAddress>> upstreams;
    /** Each sandbox's names merged over its networks, made on its first query (the table never changes). */
    private final Map<SandboxId, Map<String, List<InetAddress>>> views = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One endpoint as the resolver sees it.
     *
     * @param names what it answers to on its network: the sandbox's name and hostname, its aliases,
     *              {@code name.network}; the first is the PTR answer's first label
     * @param networkName used for PTR answers ({@code sandbox.network.})
     */
    public record Entry(NetworkId network, String networkName, SandboxId sandbox, List<String> names,
                        List<InetAddress> addresses) {
        public Entry {
            names = List.copyOf(names);
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * @param entries every endpoint on a network with name resolution (not the default bridge)
     * @param upstreams by sandbox: where its other queries go
     */
    public NameTable(List<Entry> entries, Map<SandboxId, List<InetSocketAddress>> upstreams) {
        this.upstreams = Map.copyOf(upstreams);
        for (Entry e : entries) {
            networksOf.computeIfAbsent(e.sandbox(), k -> new LinkedHashSet<>()).add(e.network());
            Map<String, List<InetAddress>> byName = names.computeIfAbsent(e.network(), k -> new HashMap<>());
            for (String name : e.names()) {
                List<InetAddress> list = byName.computeIfAbsent(normal(name), k -> new ArrayList<>());
                e.addresses().stream().filter(a -> !list.contains(a)).forEach(list::add);
            }
            if (!e.names().isEmpty()) {
                Map<InetAddress, String> byAddress = pointers.computeIfAbsent(e.network(), k -> new HashMap<>());
                String target = e.names().getFirst() + "." + e.networkName() + ".";
                e.addresses().forEach(a -> byAddress.putIfAbsent(a, target));
            }
        }
    }

    /** Whether the sandbox is on any network with name resolution. */
    public boolean knows(SandboxId sandbox) {
        return networksOf.containsKey(sandbox);
    }

    /** Every address {@code name} has on the networks {@code sandbox} is on; empty if the name is not local. */
    public List<InetAddress> lookup(SandboxId sandbox, String name) {
        return views.computeIfAbsent(sandbox, this::view).getOrDefault(normal(name), List.of());
    }

    private Map<String, List<InetAddress>> view(SandboxId sandbox) {
        Map<String, List<InetAddress>> merged = new HashMap<>();
        for (NetworkId network : networksOf.getOrDefault(sandbox, Set.of())) {
            names.getOrDefault(network, Map.of()).forEach((name, addresses) -> {
                List<InetAddress> out = merged.computeIfAbsent(name, k -> new ArrayList<>());
                addresses.stream().filter(a -> !out.contains(a)).forEach(out::add);
            });
        }
        merged.replaceAll((name, addresses) -> List.copyOf(addresses));
        return merged;
    }

    /** The name of an address on a network {@code sandbox} shares with it. */
    public Optional<String> pointer(SandboxId sandbox, InetAddress address) {
        for (NetworkId network : networksOf.getOrDefault(sandbox, Set.of())) {
            String name = pointers.getOrDefault(network, Map.of()).get(address);
            if (name != null) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    public List<InetSocketAddress> upstreams(SandboxId sandbox) {
        return upstreams.getOrDefault(sandbox, List.of());
    }

    static String normal(String name) {
        String n = name.toLowerCase(Locale.ROOT); // returns the same string when it is lower case already
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
