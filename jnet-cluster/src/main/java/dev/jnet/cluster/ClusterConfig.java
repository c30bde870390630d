package dev.jnet.cluster;

import dev.jnet.error.JnetException;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How this host takes part in a cluster: the store all hosts share, the address other hosts reach this one
 * on (the outer source of its VXLAN packets), and the time to live of its registration (a host that stops
 * renewing it leaves the others' data path after that long).
 */
public record ClusterConfig(StoreConfig store, InetAddress advertiseAddress, Duration leaseTtl) {
    /** The default time to live of a host's registration. */
    public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);

    public ClusterConfig {
        if (advertiseAddress.isAnyLocalAddress() || advertiseAddress.isMulticastAddress()) {
            throw JnetException.invalid("--advertise-address " + advertiseAddress.getHostAddress()
                    + " is not an address other hosts can reach; give this host's own address on the underlay");
        }
        if (leaseTtl.compareTo(Duration.ofSeconds(2)) < 0) {
            throw JnetException.invalid("the cluster lease time to live must be at least 2 s (etcd's minimum), not " + leaseTtl);
        }
    }

    public ClusterConfig(StoreConfig store, InetAddress advertiseAddress) {
        this(store, advertiseAddress, DEFAULT_LEASE_TTL);
    }
}
