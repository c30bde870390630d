package dev.jnet.core.controller;

import dev.jnet.core.ipam.HostSubnets;
import dev.jnet.kernel.rtnl.Address;
import dev.jnet.kernel.rtnl.Link;
import dev.jnet.kernel.rtnl.Route;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the host namespace uses, for IPAM, when a network is created: the main table's routes and
 * every address (through rtnetlink), and the nameservers of the host's resolv.conf. Left out: what lies in
 * jnet's own subnets (its bridges' routes and gateways, which IPAM holds anyway) and IPv6 link-local
 * routes and addresses (one per interface, thousands with many endpoints, never a network's subnet).
 */
final class HostSubnetsReader {
    private static final Cidr LINK_LOCAL = Cidr.parse("fe80::/10");

    private final RtNetlink host;
    private final List<Cidr> ownSubnets;
    /** Interface names by index, looked up only for what is kept. */
    private final Map<Integer, String> names = new HashMap<>();

    private HostSubnetsReader(RtNetlink host, List<Cidr> ownSubnets) {
        this.host = host;
        this.ownSubnets = ownSubnets;
    }

    /** What the host uses now, nameservers from {@code resolvConf}, jnet's own subnets included (jnet doctor's report). */
    static HostSubnets readForReport(RtNetlink host, Path resolvConf) {
        List<InetAddress> servers = new ArrayList<>();
        try {
            List<String> lines = java.nio.file.Files.exists(resolvConf) ? java.nio.file.Files.readAllLines(resolvConf) : List.of();
            for (String server : SandboxFiles.values(lines, "nameserver")) {
                try {
                    servers.add(Cidr.parseAddress(server));
                } catch (dev.jnet.error.JnetException e) {
                    // a scoped or odd entry: no subnet to avoid
                }
            }
        } catch (java.io.IOException e) {
            // unreadable: report the routes and addresses alone
        }
        return read(host, List.of(), servers, resolvConf);
    }

    static HostSubnets read(RtNetlink host, List<Cidr> ownSubnets, List<InetAddress> nameservers, Path resolvConf) {
        return new HostSubnetsReader(host, ownSubnets).read(nameservers, resolvConf);
    }

    private HostSubnets read(List<InetAddress> nameservers, Path resolvConf) {
        List<HostSubnets.InUse> onLink = new ArrayList<>();
        List<HostSubnets.InUse> viaGateway = new ArrayList<>();
        for (boolean ipv4 : List.of(true, false)) {
            for (Route route : host.routes().list(ipv4)) {
                if (!ignored(route.destination())) {
                    (route.gateway().isPresent() ? viaGateway : onLink)
                            .add(new HostSubnets.InUse(route.destination(), describe(route)));
                }
            }
        }
        List<HostSubnets.InUse> addresses = new ArrayList<>();
        for (Address address : host.addresses().list()) {
            if (!ignored(address.cidr())) {
                addresses.add(new HostSubnets.InUse(address.cidr(), "address " + address.cidr() + " on "
                        + name(address.index())));
            }
        }
        List<HostSubnets.InUse> servers = nameservers.stream()
                .map(server -> new HostSubnets.InUse(Cidr.host(server), "nameserver " + IpFormat.format(server)
                        + " (" + resolvConf + ")"))
                .toList();
        return new HostSubnets(onLink, viaGateway, addresses, servers);
    }

    private boolean ignored(Cidr prefix) {
        return inside(prefix, LINK_LOCAL) || ownSubnets.stream().anyMatch(own -> inside(prefix, own));
    }

    private static boolean inside(Cidr prefix, Cidr block) {
        return prefix.isIpv4() == block.isIpv4() && prefix.prefixLength() >= block.prefixLength()
                && block.contains(prefix.address());
    }

    private String describe(Route route) {
        return "route " + route.destination()
                + route.gateway().map(gateway -> " via " + IpFormat.format(gateway)).orElse("")
                + (route.outputIndex() == 0 ? "" : " dev " + name(route.outputIndex()));
    }

    private String name(int index) {
        return names.computeIfAbsent(index, i -> host.links().find(i).map(Link::name).map(Object::toString)
                .orElse("#" + i));
    }
}
