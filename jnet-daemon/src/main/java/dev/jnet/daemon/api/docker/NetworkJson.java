package dev.jnet.daemon.api.docker;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Docker's {@code network.Inspect} (API 1.50, which is also the list item): the fields in Docker's order.
 * {@code Containers} is keyed by sandbox id, where Docker has container ids; {@code Peers} and
 * {@code Services} (swarm only) are never present.
 */
public record NetworkJson(String Name, String Id, String Created, String Scope, String Driver, boolean EnableIPv4,
                   boolean EnableIPv6, IpamJson IPAM, boolean Internal, boolean Attachable, boolean Ingress,
                   ConfigReference ConfigFrom, boolean ConfigOnly, Map<String, EndpointResource> Containers,
                   Map<String, String> Options, Map<String, String> Labels) {
    /** The scope of every network made through this API: this host's. */
    static final String LOCAL = "local";

    /**
     * {@code network} with {@code endpoints} shown as containers, keyed by sandbox id; an empty list gives
     * {@code "Containers": {}}, as Docker's list does.
     */
    public static NetworkJson of(Network network, List<Endpoint> endpoints) {
        Map<String, EndpointResource> containers = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            containers.put(e.sandbox().value(), EndpointResource.of(e));
        }
        return new NetworkJson(network.name(), network.id().value(), network.created().toString(), network.scope().label(),
                network.driver(), network.ipv4Enabled(), network.ipv6Enabled(), IpamJson.of(network), network.internal(),
                network.attachable(), false, ConfigReference.NONE, false, containers, new TreeMap<>(network.options()),
                new TreeMap<>(network.labels()));
    }
}
