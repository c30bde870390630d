package dev.jnet.cli.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/networks/{ref}/connect}: the sandbox (name or id) and, optionally, its
 * static addresses, aliases on the network, MAC address and driver options.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Connect(String sandbox, String ipv4, String ipv6, List<String> aliases, String mac,
                      Map<String, String> driverOptions) {
    public Connect {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        driverOptions = Maps.copy(driverOptions);
    }

    /** The same settings for another sandbox. */
    public Connect withSandbox(String other) {
        return new Connect(other, ipv4, ipv6, aliases, mac, driverOptions);
    }

    /** Connects the sandbox with addresses and everything else chosen by jnetd. */
    public static Connect sandbox(String sandbox) {
        return new Connect(sandbox, null, null, null, null, null);
    }
}
