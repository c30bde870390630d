package dev.jnet.cluster;

import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Objects;

/**
 * An endpoint of a global network as its host publishes it for the others: where it lives (the host id),
 * its address and MAC inside the overlay, and the names it answers to in the network's DNS. It is what the
 * claim of its address holds ({@link AddressHolder}), written when the address is allocated.
 */
public record EndpointRecord(String network, String endpoint, String host, String address, String mac, List<String> names) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public EndpointRecord {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mac, "mac");
        names = List.copyOf(names);
    }

    /** Where the record lives: its address's claim ({@code ips/NETWORK/ADDRESS}); only records with an address have one. */
    public String key() {
        return Keys.ips(network) + address;
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public static EndpointRecord fromJson(String key, String json) {
        try {
            return JSON.readValue(json, EndpointRecord.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw JnetException.internal("cluster store: " + key + " does not hold an endpoint record: " + json, e);
        }
    }
}
