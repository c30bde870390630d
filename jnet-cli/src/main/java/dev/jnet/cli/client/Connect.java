package dev.jnet.cli.client;


import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/networks/{ref}/connect}: the sandbox (name or id) and, optionally, its
 * static addresses, aliases on the network, MAC address, driver options and published ports.
 */
public record Connect(String sandbox, String ipv4, String ipv6, List<String> aliases, String mac,
                      Map<String, String> driverOptions, List<String> ports) {
    public Connect {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ports = ports == null ? List.of() : List.copyOf(ports);
        driverOptions = Maps.copy(driverOptions);
    }

    /** The same settings for another sandbox. */
    public Connect withSandbox(String other) {
        return new Connect(other, ipv4, ipv6, aliases, mac, driverOptions, ports);
    }

    /** The same settings with these published ports (docker's {@code -p} syntax). */
    public Connect withPorts(List<String> value) {
        return new Connect(sandbox, ipv4, ipv6, aliases, mac, driverOptions, value);
    }

    /** Connects the sandbox with addresses and everything else chosen by jnetd. */
    public static Connect sandbox(String sandbox) {
        return new Connect(sandbox, null, null, null, null, null, null);
    }
}
