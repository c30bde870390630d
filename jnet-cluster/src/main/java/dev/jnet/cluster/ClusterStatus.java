package dev.jnet.cluster;

import java.util.List;

/**
 * What {@code jnet system info} shows of the cluster: the store, this host, whether its registration is
 * live, the last problem, and the hosts it sees live.
 *
 * @param store the etcd endpoints
 * @param hostId this host's id
 * @param advertiseAddress the address other hosts reach this one on
 * @param registered whether this host's record is in the store under a lease it renews
 * @param problem why it is not registered (store unreachable, id taken), or empty
 * @param hosts the live hosts, this one included once registered, by id
 */
public record ClusterStatus(String store, String hostId, String advertiseAddress, boolean registered, String problem,
                            List<HostRecord> hosts) {
    public ClusterStatus {
        hosts = List.copyOf(hosts);
    }
}
