package dev.jnet.daemon.api;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;

import java.util.List;
import java.util.Map;

/** A network as the API shows it, with its endpoints. */
record NetworkJson(String id, String name, String driver, String scope, String created, boolean internal,
                   boolean attachable, boolean ipv4Enabled, boolean ipv6Enabled, IpamJson ipam,
                   Map<String, String> options, Map<String, String> labels, List<EndpointJson> endpoints) {
    /** Every network is local until multi-host networking arrives. */
    static final String LOCAL_SCOPE = "local";

    static NetworkJson of(Network n, List<Endpoint> endpoints) {
        return new NetworkJson(n.id().value(), n.name(), n.driver(), LOCAL_SCOPE, Fields.time(n.created()),
                n.internal(), n.attachable(), n.ipv4Enabled(), n.ipv6Enabled(),
                new IpamJson(n.ipv4().stream().map(PoolJson::of).toList(), n.ipv6().stream().map(PoolJson::of).toList()),
                Fields.sorted(n.options()), Fields.sorted(n.labels()), EndpointJson.of(endpoints));
    }
}
