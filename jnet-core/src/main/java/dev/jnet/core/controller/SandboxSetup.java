package dev.jnet.core.controller;

import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.driver.SandboxLink;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.StaticRoute;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.Route;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's side of a join, from what the driver returned: interfaces the driver made in the host moved
 * in and renamed, the endpoint's addresses on its interface (and no IPv6 at all on an interface without an
 * IPv6 address), the interfaces up, the driver's static routes, and a default route per family through the
 * first connected endpoint (by interface name) whose join offers a gateway and may carry it.
 */
final class SandboxSetup {
    private final Context ctx;

    SandboxSetup(Context ctx) {
        this.ctx = ctx;
    }

    /** {@code endpoint} already carries the join's record, ports and addresses. */
    void configure(NetNs ns, Endpoint endpoint, JoinResult joined) {
        if (joined.interfaces().isEmpty()) {
            return;
        }
        RtNetlink rtnl = ctx.kernel.in(ns);
        if (sandbox(endpoint).runtime().isPresent()) {
            rtnl.links().setUp(LOOPBACK); // a runtime's new namespace may have it down: then 127.0.0.11 is no address
        }
        if (!joined.interfaces().isEmpty() && joined.interfaces().stream().allMatch(SandboxLink::configured)) {
            return; // the driver's plugins addressed and routed it
        }
        for (SandboxLink made : joined.interfaces()) {
            made.madeInHostAs().ifPresent(hostName -> moveIn(ns, rtnl, hostName, made));
        }
        Link link = rtnl.links().get(endpoint.interfaceName());
        ensureIpv6(ns, link, endpoint.ipv6().isPresent());
        List<Address> addresses = new ArrayList<>();
        endpoint.ipv4().ifPresent(a -> addresses.add(new Address(link.index(), a, Address.SCOPE_UNIVERSE)));
        endpoint.ipv6().ifPresent(a -> addresses.add(new Address(link.index(), a, Address.SCOPE_UNIVERSE)));
        rtnl.addresses().addAll(addresses);
        rtnl.links().setUpAll(joined.interfaces().stream().map(SandboxLink::name).toList());
        for (StaticRoute route : endpoint.joinRecord().routes()) {
            if (route.destination().prefixLength() != 0) {
                rtnl.routes().add(new Route(route.destination(), route.nextHop(), link.index(), Route.TABLE_MAIN, 0,
                        Optional.empty()));
            }
        }
        addDefaultRoutes(rtnl, endpoint.joinRecord(), link);
    }

    /**
     * The record's default routes, per family, unless the sandbox has one: through its gateway, or a static
     * route to {@code 0.0.0.0/0} or {@code ::/0} (a routed ipvlan's, onto the link), which counts as a
     * default route too and so never collides with another network's.
     */
    private static void addDefaultRoutes(RtNetlink rtnl, JoinRecord record, Link link) {
        for (boolean ipv6 : new boolean[] {false, true}) {
            addDefaultRoute(rtnl, record, link, ipv6);
            for (StaticRoute route : record.routes()) {
                if (route.destination().prefixLength() == 0 && route.destination().isIpv4() != ipv6
                        && rtnl.routes().list(!ipv6).stream().noneMatch(Route::isDefault)) {
                    rtnl.routes().add(new Route(route.destination(), route.nextHop(), link.index(), Route.TABLE_MAIN, 0,
                            Optional.empty()));
                }
            }
        }
    }

    private static final dev.jnet.net.IfName LOOPBACK = dev.jnet.net.IfName.of("lo");

    private dev.jnet.core.model.Sandbox sandbox(Endpoint endpoint) {
        return ctx.state().sandboxes().get(endpoint.sandbox());
    }

    /** An interface the driver left in the host namespace goes into the sandbox under its name there. */
    private void moveIn(NetNs ns, RtNetlink sandbox, dev.jnet.net.IfName hostName, SandboxLink made) {
        ctx.kernel.host().links().moveTo(hostName, ns);
        if (!hostName.equals(made.name())) {
            sandbox.links().rename(hostName, made.name());
        }
    }

    /**
     * As Docker: no IPv6 on an interface of an IPv4-only network. Its link-local chatter (DAD, MLD) would
     * otherwise be flooded to every port of the bridge, slowing each new connect. A namespace jnet made has
     * it off already (Kernel.createNamespace); the link's netlink answer says whether a write is needed, which
     * waits for the kernel's rtnl lock. (Reading {@code /proc/sys} instead costs a path lookup that grows with
     * the namespaces made after this one: 1.5 ms for a sandbox made 5,000 sandboxes earlier.)
     */
    private void ensureIpv6(NetNs ns, Link link, boolean wanted) {
        if (wanted ? link.ipv6() == Link.Ipv6.ON : link.ipv6() != Link.Ipv6.ON) {
            return;
        }
        ctx.kernel.sysctl(ns).write("net.ipv6.conf." + link.name().value().replace('.', '/') + ".disable_ipv6",
                wanted ? "0" : "1");
    }

    /** After a leave: a family without a default route gets one through another endpoint, if any offers it. */
    void ensureDefaultRoutes(NetNs ns, List<Endpoint> endpoints) {
        if (ns.equals(ctx.kernel.hostNamespace())) {
            return;
        }
        RtNetlink rtnl = ctx.kernel.in(ns);
        for (Endpoint endpoint : endpoints) {
            Optional<Link> link = rtnl.links().find(endpoint.interfaceName());
            if (link.isPresent()) {
                addDefaultRoutes(rtnl, endpoint.joinRecord(), link.get());
            }
        }
    }

    private static void addDefaultRoute(RtNetlink rtnl, JoinRecord record, Link link, boolean ipv6) {
        Optional<InetAddress> gateway = record.gateway(ipv6);
        if (!record.defaultRoute() || gateway.isEmpty() || rtnl.routes().list(!ipv6).stream().anyMatch(Route::isDefault)) {
            return;
        }
        rtnl.routes().add(new Route(new Cidr(gateway.get(), 0), gateway, link.index(), Route.TABLE_MAIN, 0,
                Optional.empty()));
    }
}
