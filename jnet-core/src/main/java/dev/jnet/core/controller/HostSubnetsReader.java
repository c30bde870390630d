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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads what the host namespace uses, for IPAM, when a network is created: the main table's routes and
 * every address (through rtnetlink), and the nameservers of the host's resolv.conf.
 */
final class HostSubnetsReader {
    private HostSubnetsReader() {}

    static HostSubnets read(RtNetlink host, List<InetAddress> nameservers, Path resolvConf) {
        Map<Integer, String> names = host.links().list().stream()
                .collect(Collectors.toMap(Link::index, link -> link.name().value(), (a, b) -> a));
        Function<Integer, String> name = index -> names.getOrDefault(index, "#" + index);
        List<HostSubnets.InUse> onLink = new ArrayList<>();
        List<HostSubnets.InUse> viaGateway = new ArrayList<>();
        for (boolean ipv4 : List.of(true, false)) {
            for (Route route : host.routes().list(ipv4)) {
                HostSubnets.InUse use = new HostSubnets.InUse(route.destination(), describe(route, name));
                (route.gateway().isPresent() ? viaGateway : onLink).add(use);
            }
        }
        List<HostSubnets.InUse> addresses = new ArrayList<>();
        for (Address address : host.addresses().list()) {
            addresses.add(new HostSubnets.InUse(address.cidr(), "address " + address.cidr() + " on " + name.apply(address.index())));
        }
        List<HostSubnets.InUse> servers = nameservers.stream()
                .map(server -> new HostSubnets.InUse(Cidr.host(server), "nameserver " + IpFormat.format(server)
                        + " (" + resolvConf + ")"))
                .toList();
        return new HostSubnets(onLink, viaGateway, addresses, servers);
    }

    private static String describe(Route route, Function<Integer, String> name) {
        return "route " + route.destination()
                + route.gateway().map(gateway -> " via " + IpFormat.format(gateway)).orElse("")
                + (route.outputIndex() == 0 ? "" : " dev " + name.apply(route.outputIndex()));
    }
}
