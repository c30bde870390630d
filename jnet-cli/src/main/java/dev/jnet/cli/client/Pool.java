package dev.jnet.cli.client;


import java.util.Map;

/**
 * One subnet of a {@link NetworkCreate}: the subnet, and optionally the range addresses are handed out
 * from, the gateway, and auxiliary (reserved) addresses by name.
 */
public record Pool(String subnet, String ipRange, String gateway, Map<String, String> auxAddresses) {
    public Pool {
        auxAddresses = Maps.copy(auxAddresses);
    }
}
