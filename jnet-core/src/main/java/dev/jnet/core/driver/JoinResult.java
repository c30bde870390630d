package dev.jnet.core.driver;

import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.PortBinding;
import dev.jnet.net.Cidr;
import dev.jnet.net.MacAddress;

import java.util.List;
import java.util.Optional;

/**
 * Everything a driver decided when joining an endpoint; the controller then sets up the sandbox's side
 * (addresses, links up, routes) from it and stores {@link #record} with the endpoint.
 *
 * @param interfaces the interfaces the sandbox gets (none for host and null networks)
 * @param record gateways (or none), static routes, whether the endpoint may carry the default route, and the
 *     driver's own data; stored, and given back on leave and reconcile
 * @param ipv4 an IPv4 address the driver chose itself, in place of IPAM's; empty keeps the endpoint's
 * @param ipv6 an IPv6 address the driver chose itself; empty keeps the endpoint's
 * @param ports the port bindings the driver programmed
 * @param mac the MAC the driver's interface has, where the driver chose it (CNI plugins may); empty keeps the
 *     endpoint's
 */
public record JoinResult(List<SandboxLink> interfaces, JoinRecord record, Optional<Cidr> ipv4, Optional<Cidr> ipv6,
                         List<PortBinding> ports, Optional<MacAddress> mac) {
    /** A result that keeps the endpoint's MAC. */
    public JoinResult(List<SandboxLink> interfaces, JoinRecord record, Optional<Cidr> ipv4, Optional<Cidr> ipv6,
                      List<PortBinding> ports) {
        this(interfaces, record, ipv4, ipv6, ports, Optional.empty());
    }

    /** Nothing made, nothing to configure. */
    public static final JoinResult NOTHING = new JoinResult(List.of(), JoinRecord.NONE, Optional.empty(),
            Optional.empty(), List.of());

    public JoinResult {
        interfaces = List.copyOf(interfaces);
        ports = List.copyOf(ports);
    }

    /** One interface made inside the sandbox, IPAM's addresses kept. */
    public static JoinResult inside(SandboxLink link, JoinRecord record, List<PortBinding> ports) {
        return new JoinResult(List.of(link), record, Optional.empty(), Optional.empty(), ports);
    }
}
