package dev.jnet.core.firewall;

import dev.jnet.core.model.PortBinding;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the firewall needs to know of an endpoint.
 *
 * @param hostInterface the host end of the endpoint's veth (a port of the network's bridge)
 * @param mac the MAC of the endpoint's interface in its sandbox, pinned to the port with its addresses
 * @param ports the endpoint's published ports
 */
public record FirewallEndpoint(IfName hostInterface, MacAddress mac, Optional<InetAddress> ipv4,
                               Optional<InetAddress> ipv6, List<PortBinding> ports) {
    public FirewallEndpoint {
        ports = List.copyOf(ports);
    }
}
