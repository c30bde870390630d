package dev.jnet.cluster;

import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A global network as the cluster keeps it: what every host needs to make it the same (its id, name, driver,
 * subnet, options with the driver's data such as the VXLAN id, labels and flags).
 */
public record NetworkRecord(String id, String name, String driver, String subnet, Map<String, String> options,
                            Map<String, String> labels, boolean internal, boolean attachable) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public NetworkRecord {
        options = Map.copyOf(options);
        labels = Map.copyOf(labels);
    }

    /** The record of {@code network}, made here. */
    public static NetworkRecord of(Network network) {
        Map<String, String> options = new HashMap<>(network.options());
        options.putAll(network.driverData());
        String subnet = network.ipv4().isEmpty() ? "" : network.ipv4().getFirst().subnet().toString();
        return new NetworkRecord(network.id().value(), network.name(), network.driver(), subnet, options, network.labels(),
                network.internal(), network.attachable());
    }

    /** The create request that makes this network on another host. */
    public NetworkSpec spec() {
        List<PoolRequest> pools = subnet.isEmpty() ? List.of()
                : List.of(new PoolRequest(Optional.of(Cidr.parse(subnet)), Optional.empty(), Optional.empty(), Map.of()));
        return NetworkSpec.named(name).withDriver(driver).withIpv4(pools).withOptions(options).withLabels(labels)
                .withInternal(internal).withAttachable(attachable);
    }

    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    public static NetworkRecord fromJson(String key, String json) {
        try {
            return JSON.readValue(json, NetworkRecord.class);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw JnetException.internal("cluster store: " + key + " does not hold a network record: " + json, e);
        }
    }
}
