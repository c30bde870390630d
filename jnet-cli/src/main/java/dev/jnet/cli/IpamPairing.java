package dev.jnet.cli;

import dev.jnet.cli.client.Pool;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs {@code --subnet}s with {@code --gateway}s, {@code --ip-range}s and {@code --aux-address}es the way
 * docker does: each of those goes to the one subnet that contains it, whatever the order they were given
 * in. Subnets keep their order; IPv4 ones make the {@code ipv4} list, IPv6 ones the {@code ipv6} list.
 */
final class IpamPairing {
    /** The pools of a network create request, by family. */
    record Pools(List<Pool> ipv4, List<Pool> ipv6) {}

    private IpamPairing() {}

    /** Pairs the options; an INVALID {@link JnetException} says which one has no subnet or clashes. */
    static Pools pair(List<Cidr> subnets, List<Cidr> ranges, List<InetAddress> gateways, Map<String, InetAddress> aux) {
        checkNoOverlap(subnets);
        Map<Cidr, String> rangeOf = new LinkedHashMap<>();
        Map<Cidr, String> gatewayOf = new LinkedHashMap<>();
        Map<Cidr, Map<String, String>> auxOf = new LinkedHashMap<>();
        for (Cidr range : ranges) {
            Cidr subnet = containing(subnets, range.address(), "--ip-range " + range);
            if (range.prefixLength() < subnet.prefixLength()) {
                throw JnetException.invalid("--ip-range " + range + " is larger than its --subnet " + subnet);
            }
            String earlier = rangeOf.putIfAbsent(subnet, range.toString());
            if (earlier != null) {
                throw JnetException.invalid("cannot configure several ranges (" + earlier + ", " + range
                        + ") on the same subnet (" + subnet + ")");
            }
        }
        for (InetAddress gateway : gateways) {
            String text = IpFormat.format(gateway);
            Cidr subnet = containing(subnets, gateway, "--gateway " + text);
            String earlier = gatewayOf.putIfAbsent(subnet, text);
            if (earlier != null) {
                throw JnetException.invalid("cannot configure several gateways (" + earlier + ", " + text
                        + ") for the same subnet (" + subnet + ")");
            }
        }
        aux.forEach((name, address) -> {
            String text = IpFormat.format(address);
            Cidr subnet = containing(subnets, address, "--aux-address " + name + "=" + text);
            auxOf.computeIfAbsent(subnet, s -> new LinkedHashMap<>()).put(name, text);
        });
        List<Pool> ipv4 = new ArrayList<>();
        List<Pool> ipv6 = new ArrayList<>();
        for (Cidr subnet : subnets) {
            Pool pool = new Pool(subnet.toString(), rangeOf.get(subnet), gatewayOf.get(subnet), auxOf.get(subnet));
            (subnet.isIpv4() ? ipv4 : ipv6).add(pool);
        }
        return new Pools(ipv4, ipv6);
    }

    private static void checkNoOverlap(List<Cidr> subnets) {
        for (int i = 0; i < subnets.size(); i++) {
            for (int j = i + 1; j < subnets.size(); j++) {
                Cidr a = subnets.get(i);
                Cidr b = subnets.get(j);
                if (a.contains(b.address()) || b.contains(a.address())) {
                    throw JnetException.invalid("--subnet " + a + " and --subnet " + b
                            + " overlap; the subnets of one network must not overlap");
                }
            }
        }
    }

    private static Cidr containing(List<Cidr> subnets, InetAddress address, String what) {
        for (Cidr subnet : subnets) {
            if (subnet.contains(address)) {
                return subnet;
            }
        }
        throw JnetException.invalid(subnets.isEmpty()
                ? what + " needs a --subnet that contains it"
                : "no --subnet contains " + what + " (subnets: " + String.join(", ",
                        subnets.stream().map(Cidr::toString).toList()) + ")");
    }
}
