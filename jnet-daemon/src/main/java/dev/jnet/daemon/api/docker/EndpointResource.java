package dev.jnet.daemon.api.docker;

import dev.jnet.core.model.Endpoint;
import dev.jnet.net.Cidr;

/** Docker's {@code EndpointResource}: one sandbox's endpoint in a network's {@code Containers}. */
record EndpointResource(String Name, String EndpointID, String MacAddress, String IPv4Address, String IPv6Address) {
    static EndpointResource of(Endpoint e) {
        return new EndpointResource(e.name(), e.id().value(), e.mac().toString(),
                e.ipv4().map(Cidr::toString).orElse(""), e.ipv6().map(Cidr::toString).orElse(""));
    }
}
