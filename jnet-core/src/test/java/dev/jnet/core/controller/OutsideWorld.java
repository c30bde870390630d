package dev.jnet.core.controller;

import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.kernel.rtnl.Route;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;

import java.net.InetAddress;

/**
 * An "outside" namespace playing the internet, joined to a fake host by a veth: the host's uplink is
 * {@link #HOST} and the outside world is {@link #OUTSIDE}, on 198.51.100.0/24 (TEST-NET-2, inside the
 * throwaway namespaces only). The outside has no route to container subnets unless a test adds one.
 */
final class OutsideWorld {
    static final InetAddress HOST = Cidr.parseAddress("198.51.100.1");
    static final InetAddress OUTSIDE = Cidr.parseAddress("198.51.100.2");

    private OutsideWorld() {}

    static void join(ThrowawayNs host, ThrowawayNs outside) {
        IfName uplink = IfName.of("uplink");
        IfName wan = IfName.of("wan0");
        host.rtnl().links().create(new LinkSpec.Veth(uplink, wan).withPeerIn(outside.ns())
                .withOptions(LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS));
        outside.rtnl().links().setUp(wan);
        host.rtnl().links().setUp(IfName.of("lo")); // as on every real host: 127.0.0.1 works
        host.rtnl().addresses().add(uplink, Cidr.parse("198.51.100.1/24"));
        outside.rtnl().addresses().add(wan, Cidr.parse("198.51.100.2/24"));
    }

    /** Lets the outside send packets for {@code subnet} to the host (a neighbour that knows the route). */
    static void routeVia(ThrowawayNs outside, String subnet) {
        outside.rtnl().routes().add(Route.via(Cidr.parse(subnet), HOST));
    }
}
