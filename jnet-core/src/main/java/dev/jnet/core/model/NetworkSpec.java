package dev.jnet.core.model;

import dev.jnet.error.JnetException;

import java.util.List;
import java.util.Map;

/**
 * A request to create a network, as {@code jnet network create} and the APIs take it.
 *
 * @param driver the driver that makes the network real ({@code bridge}, {@code host}, {@code null}, ...)
 * @param ipv4 requested IPv4 subnets; empty means one, chosen by IPAM (when IPv4 is enabled)
 * @param ipv6 requested IPv6 subnets; empty means one, chosen by IPAM (when IPv6 is enabled)
 * @param options driver options ({@code com.docker.network.bridge.name}, ...)
 * @param internal no route out, no masquerade, nothing published
 * @param ipam the IPAM driver that gives the subnets and addresses ({@link IpamSpec#DEFAULT}: jnet's own)
 */
public record NetworkSpec(String name, String driver, List<PoolRequest> ipv4, List<PoolRequest> ipv6,
                          Map<String, String> options, Map<String, String> labels, boolean internal,
                          boolean attachable, boolean ipv4Enabled, boolean ipv6Enabled, IpamSpec ipam) {
    public static final String DEFAULT_DRIVER = "bridge";
    /** Docker's option for the start of the names of the interfaces sandboxes get on a network ({@code eth}). */
    public static final String IFACE_PREFIX = "com.docker.network.container_iface_prefix";
    /**
     * The local network that gives sandboxes of overlay networks their way out and their published ports,
     * as Docker's of the same name: its endpoints have no names and cannot reach each other.
     */
    public static final String GATEWAY_BRIDGE = "docker_gwbridge";

    /** A network whose subnets and addresses come from jnet's own IPAM. */
    public NetworkSpec(String name, String driver, List<PoolRequest> ipv4, List<PoolRequest> ipv6,
                       Map<String, String> options, Map<String, String> labels, boolean internal,
                       boolean attachable, boolean ipv4Enabled, boolean ipv6Enabled) {
        this(name, driver, ipv4, ipv6, options, labels, internal, attachable, ipv4Enabled, ipv6Enabled, IpamSpec.DEFAULT);
    }

    public NetworkSpec {
        Names.check(name, "network");
        java.util.Objects.requireNonNull(ipam, "ipam");
        if (driver == null || driver.isBlank()) {
            driver = DEFAULT_DRIVER;
        }
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        options = Map.copyOf(options);
        labels = Map.copyOf(labels);
        family(ipv4, true);
        family(ipv6, false);
        if (!ipv4Enabled && !ipv4.isEmpty()) {
            throw JnetException.invalid("network " + name + " has IPv4 disabled but IPv4 subnets were given");
        }
        if (!ipv6Enabled && !ipv6.isEmpty()) {
            throw JnetException.invalid("network " + name + " has IPv6 subnets but IPv6 is not enabled (use --ipv6)");
        }
    }

    /** A bridge network with IPAM's choice of IPv4 subnet and no options. */
    public static NetworkSpec named(String name) {
        return new NetworkSpec(name, DEFAULT_DRIVER, List.of(), List.of(), Map.of(), Map.of(), false, false, true, false);
    }

    public NetworkSpec withDriver(String value) {
        return new NetworkSpec(name, value, ipv4, ipv6, options, labels, internal, attachable, ipv4Enabled, ipv6Enabled, ipam);
    }

    public NetworkSpec withIpv4(List<PoolRequest> value) {
        return new NetworkSpec(name, driver, value, ipv6, options, labels, internal, attachable, ipv4Enabled, ipv6Enabled, ipam);
    }

    public NetworkSpec withIpv6(List<PoolRequest> value) {
        return new NetworkSpec(name, driver, ipv4, value, options, labels, internal, attachable, ipv4Enabled, true, ipam);
    }

    public NetworkSpec withOptions(Map<String, String> value) {
        return new NetworkSpec(name, driver, ipv4, ipv6, value, labels, internal, attachable, ipv4Enabled, ipv6Enabled, ipam);
    }

    public NetworkSpec withLabels(Map<String, String> value) {
        return new NetworkSpec(name, driver, ipv4, ipv6, options, value, internal, attachable, ipv4Enabled, ipv6Enabled, ipam);
    }

    public NetworkSpec withInternal(boolean value) {
        return new NetworkSpec(name, driver, ipv4, ipv6, options, labels, value, attachable, ipv4Enabled, ipv6Enabled, ipam);
    }

    public NetworkSpec withAttachable(boolean value) {
        return new NetworkSpec(name, driver, ipv4, ipv6, options, labels, internal, value, ipv4Enabled, ipv6Enabled, ipam);
    }

    private static void family(List<PoolRequest> pools, boolean v4) {
        for (PoolRequest pool : pools) {
            pool.subnet().ifPresent(subnet -> {
                if (subnet.isIpv4() != v4) {
                    throw JnetException.invalid("subnet " + subnet + " is not an " + (v4 ? "IPv4" : "IPv6") + " subnet");
                }
            });
        }
    }
}
