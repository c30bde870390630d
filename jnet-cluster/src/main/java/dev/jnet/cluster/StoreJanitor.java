package dev.jnet.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps the cluster store's claims and records in line with what exists, from one host's view, in rounds:
 * <ul>
 *   <li>frees what is held for nothing: a name, VXLAN id or subnet whose network has no record, an address or
 *       endpoint record of a network that has none, and this host's own addresses and endpoint records that
 *       no endpoint of this host has (a jnetd that died in the middle of a connect, a claim whose write timed
 *       out and landed later);</li>
 *   <li>publishes again what this host's endpoints should have there and do not (their record, their
 *       address), as after etcd lost data.</li>
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
    private final String hostId;
    /** What the previous round found held for nothing: key to holder. */
    private Map<String, String> suspects = Map.of();
    /** What the previous round found missing for this host's endpoints: keys. */
    private Set<String> missing = Set.of();

    StoreJanitor(ClusterStore store, String hostId) {
        this.store = store;
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
                .map(k -> k.substring(Keys.NETWORKS.length())).collect(Collectors.toCollection(java.util.HashSet::new));
        networks.addAll(localNetworks);
        Map<String, String> ips = store.list(Keys.IPS).entries();
        Map<String, String> endpoints = store.list(Keys.ENDPOINTS).entries();
        Map<String, String> found = new HashMap<>();
        for (String prefix : List.of(Keys.NAMES, Keys.VNIS, Keys.SUBNETS)) {
            store.list(prefix).entries().forEach((key, network) -> {
                if (!networks.contains(network)) {
                    found.put(key, network);
                }
            });
        }
        Set<String> localIps = local.stream().filter(r -> !r.address().isEmpty())
                .map(r -> Keys.IPS + r.network() + "/" + r.address()).collect(Collectors.toSet());
        ips.forEach((key, holder) -> {
            boolean ownUnused = holder.startsWith(hostId + "/") && !localIps.contains(key);
            if (ownUnused || !networks.contains(networkOf(key, Keys.IPS))) {
                found.put(key, holder);
            }
        });
        Set<String> localRecords = local.stream().map(EndpointRecord::key).collect(Collectors.toSet());
        endpoints.forEach((key, json) -> {
            boolean ownUnused = !localRecords.contains(key) && ownRecord(key, json);
            if (ownUnused || !networks.contains(networkOf(key, Keys.ENDPOINTS))) {
                found.put(key, json);
            }
        });
        List<String> released = sweep(found);
        return new Round(released, republish(local, networks, ips, endpoints));
    }

    /** Frees what the previous round found too, unchanged; the rest is suspected until the next round. */
    private List<String> sweep(Map<String, String> found) {
        List<String> released = new ArrayList<>();
        Map<String, String> next = new HashMap<>();
        found.forEach((key, holder) -> {
            if (holder.equals(suspects.get(key))) {
                store.release(key, holder);
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

    /** This host's endpoints' records and addresses that the store lacked in this round and the one before, written again. */
    private List<String> republish(List<EndpointRecord> local, Set<String> networks, Map<String, String> ips,
                                   Map<String, String> endpoints) {
        List<String> written = new ArrayList<>();
        Set<String> lacking = new java.util.HashSet<>();
        for (EndpointRecord r : local) {
            if (!networks.contains(r.network())) {
                continue; // its network is being removed: the endpoint goes with it
            }
            if (!r.address().isEmpty()) {
                String key = Keys.IPS + r.network() + "/" + r.address();
                String holder = ips.get(key);
                if (holder == null && !missing.contains(key)) {
                    lacking.add(key);
                } else if (holder == null) {
                    store.claim(key, hostId + "/" + UUID.randomUUID());
                    written.add(key);
                } else if (!holder.startsWith(hostId + "/")) {
                    LOG.log(System.Logger.Level.WARNING, "cluster: address " + r.address() + " of endpoint "
                            + r.endpoint() + " here is claimed by " + holder + " too; disconnect and connect it again");
                }
            }
            if (!endpoints.containsKey(r.key()) && !missing.contains(r.key())) {
                lacking.add(r.key());
            } else if (!endpoints.containsKey(r.key())) {
                store.claim(r.key(), r.toJson());
                written.add(r.key());
            }
        }
        missing = lacking;
        if (!written.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "cluster: published again what this host's endpoints lacked: " + written);
        }
        return written;
    }

    private boolean ownRecord(String key, String json) {
        try {
            return EndpointRecord.fromJson(key, json).host().equals(hostId);
        } catch (RuntimeException e) {
            return false; // not a record: another host's jnet, or garbage that is not this host's to judge
        }
    }

    /** The network id in {@code PREFIX/NETWORK/...}. */
    private static String networkOf(String key, String prefix) {
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
