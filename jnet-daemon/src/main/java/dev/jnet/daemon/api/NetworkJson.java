package dev.jnet.daemon.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;

import java.util.List;
import java.util.Map;

/**
 * A network as the API shows it, with its endpoints; {@code driverData} is what its driver keeps with it
 * (macvlan: the parent and mode it uses). Only the answer to its creation can carry
 * {@code warnings} (a subnet given that overlaps a route of the host); elsewhere the field is left out.
 * {@code unavailable} says why the network cannot be used now (its plugin is gone), and is left out otherwise.
 */
record NetworkJson(String id, String name, String driver, String scope, String created, boolean internal,
                   boolean attachable, boolean ipv4Enabled, boolean ipv6Enabled, IpamJson ipam,
                   Map<String, String> options, Map<String, String> driverData, Map<String, String> labels,
                   List<EndpointJson> endpoints,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String unavailable) {
    static NetworkJson of(Network n, List<Endpoint> endpoints) {
        return new NetworkJson(n.id().value(), n.name(), n.driver(), n.scope().label(), Fields.time(n.created()),
                n.internal(), n.attachable(), n.ipv4Enabled(), n.ipv6Enabled(),
                new IpamJson(n.ipam().driver(), Fields.sorted(n.ipam().options()), n.ipv4().stream().map(PoolJson::of).toList(),
                        n.ipv6().stream().map(PoolJson::of).toList()),
                Fields.sorted(n.options()), Fields.sorted(n.driverData()), Fields.sorted(n.labels()), EndpointJson.of(endpoints),
                List.of(), null);
    }

    NetworkJson withWarnings(List<String> list) {
        return new NetworkJson(id, name, driver, scope, created, internal, attachable, ipv4Enabled, ipv6Enabled, ipam,
                options, driverData, labels, endpoints, List.copyOf(list), unavailable);
    }

    NetworkJson withUnavailable(java.util.Optional<String> why) {
        return new NetworkJson(id, name, driver, scope, created, internal, attachable, ipv4Enabled, ipv6Enabled, ipam,
                options, driverData, labels, endpoints, warnings, why.orElse(null));
    }
}
