package dev.jnet.core.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Options of connecting a sandbox to a network ({@code --ip}, {@code --ip6}, {@code --alias},
 * {@code --mac-address}, {@code --driver-opt}, {@code --publish}).
 */
public record ConnectSpec(Optional<InetAddress> ipv4, Optional<InetAddress> ipv6, List<String> aliases,
                          Optional<dev.jnet.net.MacAddress> mac, Map<String, String> driverOptions,
                          List<PortRequest> ports) {
    /** Docker's endpoint option naming the interface inside the sandbox ({@code --driver-opt}). */
    public static final String IFNAME_OPTION = "com.docker.network.endpoint.ifname";
    public static final ConnectSpec DEFAULT =
            new ConnectSpec(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Map.of());

    /** Options without published ports. */
    public ConnectSpec(Optional<InetAddress> ipv4, Optional<InetAddress> ipv6, List<String> aliases,
                       Optional<dev.jnet.net.MacAddress> mac, Map<String, String> driverOptions) {
        this(ipv4, ipv6, aliases, mac, driverOptions, List.of());
    }

    public ConnectSpec {
        aliases = List.copyOf(aliases);
        driverOptions = Map.copyOf(driverOptions);
        ports = List.copyOf(ports);
        ipv4.ifPresent(a -> {
            if (a.getAddress().length != 4) {
                throw dev.jnet.error.JnetException.invalid("--ip needs an IPv4 address, not " + a.getHostAddress());
            }
        });
        ipv6.ifPresent(a -> {
            if (a.getAddress().length != 16) {
                throw dev.jnet.error.JnetException.invalid("--ip6 needs an IPv6 address, not " + a.getHostAddress());
            }
        });
    }

    public ConnectSpec withIpv4(InetAddress address) {
        return new ConnectSpec(Optional.of(address), ipv6, aliases, mac, driverOptions, ports);
    }

    public ConnectSpec withAliases(List<String> value) {
        return new ConnectSpec(ipv4, ipv6, value, mac, driverOptions, ports);
    }

    public ConnectSpec withPorts(List<PortRequest> value) {
        return new ConnectSpec(ipv4, ipv6, aliases, mac, driverOptions, value);
    }
}
