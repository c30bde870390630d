package dev.jnet.core.model;

import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One virtual interface joining a sandbox to a network.
 *
 * @param name the endpoint's name (the sandbox's name, as Docker names endpoints after containers)
 * @param interfaceName the interface inside the sandbox ({@code eth0}, {@code eth1}, ... in connect order)
 * @param ipv4 the endpoint's IPv4 address with the subnet's prefix length, if the network has IPv4
 * @param aliases extra DNS names for this endpoint, visible on this network only
 * @param driverOptions per-endpoint driver options given at connect
 * @param ports the endpoint's published ports, host ports chosen
 * @param joined what its driver decided at join (gateways, routes, driver data); empty before the join, and
 *     in a row stored by a jnet that did not keep it (the controller fills it in at start)
 * @param host the id of the host the endpoint lives on (its sandbox's host); empty in such an old row
 */
public record Endpoint(EndpointId id, String name, NetworkId network, SandboxId sandbox, IfName interfaceName,
                       Optional<Cidr> ipv4, Optional<Cidr> ipv6, MacAddress mac, List<String> aliases,
                       Map<String, String> driverOptions, List<PortBinding> ports, Optional<JoinRecord> joined,
                       String host) {
    /** An endpoint not joined yet, of no known host. */
    public Endpoint(EndpointId id, String name, NetworkId network, SandboxId sandbox, IfName interfaceName,
                    Optional<Cidr> ipv4, Optional<Cidr> ipv6, MacAddress mac, List<String> aliases,
                    Map<String, String> driverOptions, List<PortBinding> ports) {
        this(id, name, network, sandbox, interfaceName, ipv4, ipv6, mac, aliases, driverOptions, ports,
                Optional.empty(), "");
    }

    public Endpoint {
        if (ipv4.isPresent() && !ipv4.get().isIpv4() || ipv6.isPresent() && ipv6.get().isIpv4()) {
            throw new IllegalArgumentException("endpoint " + name + " has addresses of the wrong family");
        }
        aliases = List.copyOf(aliases);
        driverOptions = Map.copyOf(driverOptions);
        ports = List.copyOf(ports);
        java.util.Objects.requireNonNull(joined, "joined");
        java.util.Objects.requireNonNull(host, "host");
    }

    /** This endpoint with what its driver decided at join: its record, published ports and any addresses it chose. */
    public Endpoint joinedAs(JoinRecord record, List<PortBinding> bindings, Optional<Cidr> v4, Optional<Cidr> v6) {
        return new Endpoint(id, name, network, sandbox, interfaceName, v4, v6, mac, aliases, driverOptions, bindings,
                Optional.of(record), host);
    }

    /** This endpoint with its interface inside the sandbox called {@code value} (as its driver named it). */
    public Endpoint withInterfaceName(IfName value) {
        return new Endpoint(id, name, network, sandbox, value, ipv4, ipv6, mac, aliases, driverOptions, ports, joined, host);
    }

    /** This endpoint with the MAC its driver's interface has. */
    public Endpoint withMac(MacAddress value) {
        return new Endpoint(id, name, network, sandbox, interfaceName, ipv4, ipv6, value, aliases, driverOptions, ports,
                joined, host);
    }

    /** This endpoint answering to {@code value} besides its name. */
    public Endpoint withAliases(List<String> value) {
        return new Endpoint(id, name, network, sandbox, interfaceName, ipv4, ipv6, mac, value, driverOptions, ports,
                joined, host);
    }

    /** This endpoint on host {@code value}. */
    public Endpoint onHost(String value) {
        return new Endpoint(id, name, network, sandbox, interfaceName, ipv4, ipv6, mac, aliases, driverOptions, ports,
                joined, value);
    }

    /** The DNS names of an endpoint called {@code name} with {@code aliases}: its name first, then its aliases. */
    public static List<String> names(String name, List<String> aliases) {
        List<String> names = new java.util.ArrayList<>(aliases.size() + 1);
        names.add(name);
        names.addAll(aliases);
        return List.copyOf(names);
    }

    /** This endpoint's DNS names, as its network's resolvers serve them (on every host of a global network). */
    public List<String> names() {
        return names(name, aliases);
    }

    /** The join record, or {@link JoinRecord#NONE} before the join. */
    public JoinRecord joinRecord() {
        return joined.orElse(JoinRecord.NONE);
    }

    /** An endpoint with nothing published. */
    public Endpoint(EndpointId id, String name, NetworkId network, SandboxId sandbox, IfName interfaceName,
                    Optional<Cidr> ipv4, Optional<Cidr> ipv6, MacAddress mac, List<String> aliases,
                    Map<String, String> driverOptions) {
        this(id, name, network, sandbox, interfaceName, ipv4, ipv6, mac, aliases, driverOptions, List.of());
    }
}
