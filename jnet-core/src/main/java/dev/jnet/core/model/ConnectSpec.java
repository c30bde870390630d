package dev.jnet.core.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Options of connecting a sandbox to a network ({@code --ip}, {@code --ip6}, {@code --alias},
 * {@code --mac-address}, {@code --driver-opt}).
 */
public record ConnectSpec(Optional<InetAddress> ipv4, Optional<InetAddress> ipv6, List<String> aliases,
                          Optional<dev.jnet.net.MacAddress> mac, Map<String, String> driverOptions) {
    public static final ConnectSpec DEFAULT =
            new ConnectSpec(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Map.of());

    public ConnectSpec {
        aliases = List.copyOf(aliases);
        driverOptions = Map.copyOf(driverOptions);
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
        return new ConnectSpec(Optional.of(address), ipv6, aliases, mac, driverOptions);
    }

    public ConnectSpec withAliases(List<String> value) {
        return new ConnectSpec(ipv4, ipv6, value, mac, driverOptions);
    }
}
