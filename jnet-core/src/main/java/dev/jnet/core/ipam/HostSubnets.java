package dev.jnet.core.ipam;

import dev.jnet.net.Cidr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the host's network namespace already uses, as IPAM must know it when it hands out a subnet. The
 * controller reads it from the kernel at the moment a network is created (so a VPN that came up since
 * start counts); a test writes one by hand.
 *
 * <p>As dockerd does, a subnet IPAM chooses by itself overlaps none of the host's on-link routes (routes
 * straight out of an interface, such as docker0's 172.17.0.0/16), none of its addresses' subnets and none of
 * its nameservers. Routes through a gateway do not count there: VPNs route large aggregates that way, which
 * would leave no subnet to choose. A subnet the user gives is refused if it contains one of the host's own
 * addresses, and taken with a warning if it overlaps any route or nameserver. Default routes, and the two
 * halves {@code 0.0.0.0/1} and {@code 128.0.0.0/1} (or {@code ::/1} and {@code 8000::/1}) that VPNs
 * install in their place, never count.
 *
 * @param onLinkRoutes routes without a gateway
 * @param gatewayRoutes routes through a gateway
 * @param addresses the host's addresses, each with its prefix length
 * @param nameservers the host's DNS servers, as host prefixes
 */
public record HostSubnets(List<InUse> onLinkRoutes, List<InUse> gatewayRoutes, List<InUse> addresses,
                          List<InUse> nameservers) {
    /** A host that uses nothing: IPAM alone decides. */
    public static final HostSubnets NONE = new HostSubnets(List.of(), List.of(), List.of(), List.of());

    /**
     * One prefix the host uses and how a message names it.
     *
     * @param prefix the route's destination, the address with its prefix length, or a nameserver's host prefix
     * @param what how a message names it: {@code route 172.17.0.0/16 dev docker0}, {@code address 10.0.0.5/24 on eth0}
     */
    public record InUse(Cidr prefix, String what) {
        public InUse {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(what, "what");
        }

        boolean overlaps(Cidr subnet) {
            return overlap(prefix.network(), subnet);
        }
    }

    public HostSubnets {
        onLinkRoutes = withoutDefaults(onLinkRoutes);
        gatewayRoutes = withoutDefaults(gatewayRoutes);
        addresses = List.copyOf(addresses);
        nameservers = List.copyOf(nameservers);
    }

    private static List<InUse> withoutDefaults(List<InUse> routes) {
        return routes.stream().filter(route -> route.prefix().prefixLength() > 1).toList();
    }

    /** The prefixes a subnet IPAM chooses must not overlap, of one family, host bits cleared. */
    List<Cidr> avoidedByChoice(boolean ipv4) {
        List<Cidr> out = new ArrayList<>();
        Stream.of(onLinkRoutes, addresses, nameservers).flatMap(List::stream)
                .map(use -> use.prefix().network())
                .filter(prefix -> prefix.isIpv4() == ipv4)
                .forEach(out::add);
        return out;
    }

    /** Whether an automatic choice must skip {@code subnet}: it overlaps a route, address or nameserver of the host. */
    public boolean avoids(Cidr subnet) {
        return avoidedByChoice(subnet.isIpv4()).stream().anyMatch(p -> overlap(p, subnet));
    }

    /** The host address inside {@code subnet}, if any: a network there would take the host's address away. */
    public Optional<InUse> addressInside(Cidr subnet) {
        return addresses.stream().filter(use -> subnet.contains(use.prefix().address())).findFirst();
    }

    /** The routes and nameservers a subnet shares addresses with. */
    List<InUse> overlapping(Cidr subnet) {
        return Stream.of(onLinkRoutes, gatewayRoutes, nameservers).flatMap(List::stream)
                .filter(use -> use.overlaps(subnet)).toList();
    }

    /**
     * The warning a user-given subnet deserves: the routes and nameservers of the host it overlaps, whose
     * traffic the host may now send to the network instead.
     */
    public Optional<String> warningFor(Cidr subnet) {
        List<InUse> overlapping = overlapping(subnet);
        if (overlapping.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("subnet " + subnet + " overlaps the host's "
                + String.join(", ", overlapping.stream().map(InUse::what).toList())
                + "; the host now has two ways to those addresses and may send their traffic the wrong way");
    }

    /** Whether two prefixes share an address (one contains the other's first address). */
    static boolean overlap(Cidr a, Cidr b) {
        return a.overlaps(b);
    }
}
