package dev.jnet.daemon.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.PortBinding;
import dev.jnet.net.IpFormat;
import dev.jnet.net.Cidr;

import java.util.List;
import java.util.Map;

/** An endpoint: one sandbox's interface on one network, with its addresses in CIDR form. */
record EndpointJson(String id, String name, String network, String sandbox,
                    @JsonProperty("interface") String interfaceName, String ipv4, String ipv6, String mac,
                    List<String> aliases, Map<String, String> driverOptions, List<PortJson> ports) {
    /** A published port: {@code hostIp:hostPort} on the host reaches {@code containerPort}. */
    record PortJson(String protocol, int containerPort, String hostIp, int hostPort) {
        static PortJson of(PortBinding p) {
            return new PortJson(p.protocol().toString(), p.containerPort(), IpFormat.format(p.hostIp()), p.hostPort());
        }
    }

    static EndpointJson of(Endpoint e) {
        return new EndpointJson(e.id().value(), e.name(), e.network().value(), e.sandbox().value(),
                e.interfaceName().value(), e.ipv4().map(Cidr::toString).orElse(null),
                e.ipv6().map(Cidr::toString).orElse(null), e.mac().toString(), e.aliases(),
                Fields.sorted(e.driverOptions()), e.ports().stream().map(PortJson::of).toList());
    }

    static List<EndpointJson> of(List<Endpoint> endpoints) {
        return endpoints.stream().map(EndpointJson::of).toList();
    }
}
