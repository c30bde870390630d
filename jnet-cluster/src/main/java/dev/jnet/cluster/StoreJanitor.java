package dev.jnet.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps the cluster store's claims and records in line with what exists, from one host's view, in rounds:
 * <ul>
 *   <li>frees what is held for nothing: a name, VXLAN id or subnet whose network has no record, an address
 *       of a network that has none, and this host's own addresses that no endpoint of this host has (a jnetd
 *       that died in the middle of a connect, a claim whose write timed out and landed later);</li>
 *   <li>publishes again what this host's endpoints should have there and do not (their address holding
 *       their record), as after etcd lost data.</li>
 * </ul>
 * A key is freed only when two rounds in a row found it so, with the same holder, and written again only
 * when two rounds in a row found it missing: a change in progress
 * (a create between its claims and its record, a connect between its address and its endpoint) is never
 * taken for a leak, as rounds are far longer apart than any change takes. A release is conditional on the
 * holder, so hosts collecting at once cannot free a key taken again meanwhile.
 */
final class StoreJanitor {
    private static final System.Logger LOG = System.getLogger(StoreJanitor.class.getName());

    private final ClusterStore store;
    /** Address claims go through it, so that what it remembers holding here stays true. */
    private final GlobalIpam global;
    private final String hostId;
    /** What the previous round found held for nothing: key to holder. */
    private Map<String, String> suspects = Map.of();
    /** What the previous round found missing for this host's endpoints: keys. */
    private Set<String> missing = Set.of();

    StoreJanitor(ClusterStore store, GlobalIpam global, String hostId) {
        this.store = store;
        this.global = global;
        this.hostId = hostId;
    }

    /** What one round did. */
    record Round(List<String> released, List<String> republished) {}

    /**
     * One round, with the endpoint records this host's endpoints of global networks should have; an
     * unreachable store fails the round (nothing is freed without a fresh listing).
     */
    Round round(List<EndpointRecord> local) {
        return round(local, Set.of());
    }

    /**
     * One round, with this host's global networks ({@code localNetworks}, ids) counted as existing even when the
     * store lost their records: what this host still runs is never freed for another network to take.
     */
    Round round(List<EndpointRecord> local, Set<String> localNetworks) {
        Set<String> networks = store.list(Keys.NETWORKS).entries().keySet().stream()
                .map(k -> k.substring(Keys.NETWORKS.length())).collect(Collectors.toCollection(HashSet::new));
        networks.addAll(localNetworks);
        Map<String, String> ips = store.list(Keys.IPS).entries();
        Map<String, String> found = new HashMap<>();
        for (String prefix : List.of(Keys.NAMES, Keys.VNIS, Keys.SUBNETS)) {
            store.list(prefix).entries().forEach((key, network) -> {
                if (!networks.contains(network)) {
                    found.put(key, network);
                }
            });
        }
        found.putAll(store.list(Keys.OLD_ENDPOINTS).entries()); // an older jnet's records: each address holds its own now
        Set<String> localIps = local.stream().filter(r -> !r.address().isEmpty()).map(EndpointRecord::key)
                .collect(Collectors.toSet());
        ips.forEach((key, holder) -> {
            boolean ownUnused = AddressHolder.hostOf(key, holder).equals(hostId) && !localIps.contains(key);
            if (ownUnused || !networks.contains(networkOf(key, Keys.IPS))) {
                found.put(key, holder);
            }
        });
        List<String> released = sweep(found);
        return new Round(released, republish(local, networks, ips));
    }

    /** Frees what the previous round found too, unchanged; the rest is suspected until the next round. */
    private List<String> sweep(Map<String, String> found) {
        List<String> released = new ArrayList<>();
        Map<String, String> next = new HashMap<>();
        found.forEach((key, holder) -> {
            if (holder.equals(suspects.get(key))) {
                if (key.startsWith(Keys.IPS)) {
                    global.releaseClaim(key, holder);
                } else if (key.startsWith(Keys.VNIS)) { // rests as any freed id: a host may still have its device
                    global.releaseVni(holder, Integer.parseInt(key.substring(Keys.VNIS.length())));
                } else {
                    store.release(key, holder);
                }
                released.add(key);
            } else {
                next.put(key, holder);
            }
        });
        suspects = next;
        if (!released.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "cluster: freed " + released.size() + " keys held for nothing: " + released);
        }
        return released;
    }

    /**
     * This host's endpoints' addresses (holding their records) that the store lacked in this round and the one
     * before, claimed again; an address of this host that holds another record (or an older jnet's
     * {@code HOST/UNIQUE}) gets its endpoint's record.
     */
    private List<String> republish(List<EndpointRecord> local, Set<String> networks, Map<String, String> ips) {
        List<String> written = new ArrayList<>();
        Set<String> lacking = new HashSet<>();
        for (EndpointRecord r : local) {
            if (!networks.contains(r.network()) || r.address().isEmpty()) {
                continue; // its network is being removed: the endpoint goes with it
            }
            String key = r.key();
            String json = r.toJson();
            String holder = ips.get(key);
            if (holder == null && !missing.contains(key)) {
                lacking.add(key);
            } else if (holder == null) {
                global.reclaim(key, json);
                written.add(key);
            } else if (!AddressHolder.hostOf(key, holder).equals(hostId)) {
                LOG.log(System.Logger.Level.WARNING, "cluster: address " + r.address() + " of endpoint "
                        + r.endpoint() + " here is claimed by " + holder + " too; disconnect and connect it again");
            } else if (!holder.equals(json) && global.rewrite(key, holder, json)) {
                written.add(key);
            }
        }
        missing = lacking;
        if (!written.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "cluster: published again what this host's endpoints lacked: " + written);
        }
        return written;
    }

    /** The network id in {@code PREFIX/NETWORK/...}. */
    private static String networkOf(String key, String prefix) {
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
