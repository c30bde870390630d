package dev.jnet.cli.client;


import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /v1/networks}. Only {@code name} is required; null and empty fields are left
 * out of the JSON so that jnetd applies its own defaults (for example, {@code ipv6Enabled} follows
 * whether IPv6 subnets are given).
 */
public record NetworkCreate(String name, String driver, List<Pool> ipv4, List<Pool> ipv6, Map<String, String> options,
                            Map<String, String> labels, Boolean internal, Boolean attachable, Boolean ipv4Enabled,
                            Boolean ipv6Enabled, String ipamDriver, Map<String, String> ipamOptions) {
    public NetworkCreate {
        ipv4 = ipv4 == null ? List.of() : List.copyOf(ipv4);
        ipv6 = ipv6 == null ? List.of() : List.copyOf(ipv6);
        options = Maps.copy(options);
        labels = Maps.copy(labels);
        ipamOptions = Maps.copy(ipamOptions);
    }

    /** A request for a network with this name and jnetd's defaults for everything else. */
    public static NetworkCreate named(String name) {
        return new NetworkCreate(name, null, null, null, null, null, null, null, null, null, null, null);
    }
}
