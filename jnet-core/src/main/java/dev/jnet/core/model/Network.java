package dev.jnet.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A network: a software switch that groups endpoints and keeps them apart from other networks.
 *
 * @param ipv4 the IPv4 subnets in use, gateways and reserved addresses included
 * @param ipv6 the IPv6 subnets in use
 * @param options driver options as given at creation
 * @param scope whether the network is this host's alone or the cluster's
 * @param driverData the driver's own facts about the network, from its plan (a parent link it made, a VNI)
 * @param ipam the IPAM driver its subnets and addresses come from, with its options
 */
public record Network(NetworkId id, String name, String driver, Instant created, List<IpamPool> ipv4,
                      List<IpamPool> ipv6, Map<String, String> options, Map<String, String> labels,
                      boolean internal, boolean attachable, boolean ipv4Enabled, boolean ipv6Enabled,
                      Scope scope, Map<String, String> driverData, IpamSpec ipam) {
    /** A network whose subnets and addresses come from jnet's own IPAM. */
    public Network(NetworkId id, String name, String driver, Instant created, List<IpamPool> ipv4,
                   List<IpamPool> ipv6, Map<String, String> options, Map<String, String> labels,
                   boolean internal, boolean attachable, boolean ipv4Enabled, boolean ipv6Enabled,
                   Scope scope, Map<String, String> driverData) {
        this(id, name, driver, created, ipv4, ipv6, options, labels, internal, attachable, ipv4Enabled, ipv6Enabled,
                scope, driverData, IpamSpec.DEFAULT);
    }

    /** A local network without driver data. */
    public Network(NetworkId id, String name, String driver, Instant created, List<IpamPool> ipv4,
                   List<IpamPool> ipv6, Map<String, String> options, Map<String, String> labels,
                   boolean internal, boolean attachable, boolean ipv4Enabled, boolean ipv6Enabled) {
        this(id, name, driver, created, ipv4, ipv6, options, labels, internal, attachable, ipv4Enabled, ipv6Enabled,
                Scope.LOCAL, Map.of());
    }

    public Network {
        Names.check(name, "network");
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        if (ipv4.stream().anyMatch(p -> !p.isIpv4()) || ipv6.stream().anyMatch(IpamPool::isIpv4)) {
            throw new IllegalArgumentException("network " + name + " mixes address families in its subnets");
        }
        options = Map.copyOf(options);
        labels = Map.copyOf(labels);
        java.util.Objects.requireNonNull(scope, "scope");
        driverData = Map.copyOf(driverData);
        java.util.Objects.requireNonNull(ipam, "ipam");
    }

    /** Every subnet, IPv4 first. */
    public List<IpamPool> pools() {
        return java.util.stream.Stream.concat(ipv4.stream(), ipv6.stream()).toList();
    }

    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
