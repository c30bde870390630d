package dev.jnet.daemon.api.docker;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.util.List;
import java.util.Map;

/**
 * Docker's {@code EndpointSettings} as a connect request carries it. jnet takes {@code IPAMConfig}
 * (IPv4Address, IPv6Address), {@code Aliases}, {@code MacAddress} (at every API version; dockerd ignores it
 * before 1.54) and {@code DriverOpts}. Links, link-local addresses and a gateway priority are refused. The
 * rest is Docker's operational data, which clients send empty and dockerd ignores on connect; so does jnet.
 */
record EndpointSettings(EndpointIpamConfig IPAMConfig, List<String> Links, List<String> Aliases,
                        Map<String, String> DriverOpts, Integer GwPriority, String NetworkID, String EndpointID,
                        String Gateway, String IPAddress, String MacAddress, Integer IPPrefixLen, String IPv6Gateway,
                        String GlobalIPv6Address, Integer GlobalIPv6PrefixLen, List<String> DNSNames) {
    ConnectSpec toSpec() {
        if (Links != null && !Links.isEmpty()) {
            throw JnetException.invalid("EndpointConfig.Links: jnet does not implement legacy container links (--link);"
                    + " use network-scoped aliases (--alias)");
        }
        if (GwPriority != null && GwPriority != 0) {
            throw JnetException.invalid("EndpointConfig.GwPriority: jnet does not implement gateway priorities"
                    + " (--gw-priority)");
        }
        EndpointIpamConfig ipam = IPAMConfig == null ? EndpointIpamConfig.NONE : IPAMConfig.checked();
        return new ConnectSpec(IpamConfig.parse("EndpointConfig.IPAMConfig.IPv4Address", ipam.IPv4Address(),
                Cidr::parseAddress), IpamConfig.parse("EndpointConfig.IPAMConfig.IPv6Address", ipam.IPv6Address(),
                Cidr::parseAddress), Aliases == null ? List.of() : Aliases,
                IpamConfig.parse("EndpointConfig.MacAddress", MacAddress, dev.jnet.net.MacAddress::parse),
                DriverOpts == null ? Map.of() : DriverOpts);
    }
}
