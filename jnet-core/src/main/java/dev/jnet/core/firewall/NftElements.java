package dev.jnet.core.firewall;

import dev.jnet.core.firewall.FirewallNetwork.Family;
import dev.jnet.core.model.PortBinding;
import dev.jnet.kernel.nft.NftElement;
import dev.jnet.kernel.nft.NftElementBatch;
import dev.jnet.kernel.nft.NftSet;
import dev.jnet.kernel.nft.NftValue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An endpoint's elements in jnet's sets and maps: its published ports (DNAT map entries, or open
 * container ports on routed networks), without ICC its bridge port, and its pinned MAC and addresses.
 * Adding or removing an endpoint adds or removes exactly these, whatever else the tables hold. They are
 * typed values: a join or leave sends them as one netlink batch ({@link #adding}, {@link #removing}); a
 * rebuild writes them into its libnftables script ({@link Element#add}).
 */
final class NftElements {
    private NftElements() {}

    /** One element and the set or map it belongs to. */
    record Element(NftSet target, NftElement element) {
        /** The table, as nft names it: {@code inet jnet}. */
        String table() {
            return target.family() + " " + target.table();
        }

        String set() {
            return target.name();
        }

        String add() {
            return "add element " + table() + " " + set() + " { " + element + " }\n";
        }

        String delete() {
            return "delete element " + table() + " " + set() + " { " + element.keyText() + " }\n";
        }
    }

    static List<Element> of(FirewallNetwork network, FirewallEndpoint endpoint) {
        List<Element> elements = new ArrayList<>();
        NftValue port = NftValue.ifname(endpoint.hostInterface());
        if (!network.icc()) {
            elements.add(new Element(NftRules.ICC_OFF, NftElement.of(port)));
        }
        if (network.pinAddresses()) {
            pins(elements, port, endpoint);
        }
        for (PortBinding p : endpoint.ports()) {
            endpoint.ipv4().filter(a -> p.ipv4Host()).ifPresent(a -> add(elements, network, Family.IPV4, p, a));
            endpoint.ipv6().filter(a -> !p.ipv4Host() || p.anyHostAddress()).ifPresent(a -> add(elements, network, Family.IPV6, p, a));
        }
        return elements;
    }

    /** A libnftables script that adds the elements with one statement per set (as a rebuild writes them). */
    static String addAll(List<Element> elements) {
        StringBuilder script = new StringBuilder();
        bySet(elements).forEach((set, members) -> {
            script.append("add element ").append(set.family()).append(' ').append(set.table()).append(' ')
                    .append(set.name()).append(" { ");
            for (int i = 0; i < members.size(); i++) {
                script.append(i == 0 ? "" : ", ").append(members.get(i));
            }
            script.append(" }\n");
        });
        return script.toString();
    }

    /** One batch that adds the elements, set by set, after {@code first}. */
    static NftElementBatch adding(NftElementBatch first, List<Element> elements) {
        bySet(elements).forEach(first::add);
        return first;
    }

    /** One batch that removes the elements, whether or not they are there. */
    static NftElementBatch removing(List<Element> elements) {
        NftElementBatch batch = new NftElementBatch();
        bySet(elements).forEach(batch::remove);
        return batch;
    }

    private static Map<NftSet, List<NftElement>> bySet(List<Element> elements) {
        Map<NftSet, List<NftElement>> bySet = new LinkedHashMap<>();
        elements.forEach(e -> bySet.computeIfAbsent(e.target(), s -> new ArrayList<>()).add(e.element()));
        return bySet;
    }

    /**
     * The port's pinned sources: its MAC and addresses, with IPv6 also the link-local address the kernel
     * derives from the MAC (what ND and MLD use). A sandbox that makes its link-local another way
     * ({@code addr_gen_mode}) loses link-local traffic only; its global address keeps working.
     */
    private static void pins(List<Element> elements, NftValue port, FirewallEndpoint endpoint) {
        elements.add(new Element(NftRules.PINNED, NftElement.of(port)));
        elements.add(new Element(NftRules.PINNED_MAC, NftElement.of(port, NftValue.etherAddr(endpoint.mac()))));
        endpoint.ipv4().ifPresent(a -> elements.add(new Element(NftRules.PINNED_IPV4, NftElement.of(port, address(a)))));
        endpoint.ipv6().ifPresent(a -> {
            for (InetAddress own : List.of(a, endpoint.mac().linkLocalIpv6())) {
                elements.add(new Element(NftRules.PINNED_IPV6, NftElement.of(port, address(own))));
                elements.add(new Element(NftRules.PINNED_ND, NftElement.of(port, NftValue.integer128(own.getAddress()))));
            }
        });
    }

    private static void add(List<Element> elements, FirewallNetwork network, Family family, PortBinding p, InetAddress target) {
        if (network.natted(family)) {
            elements.add(dnat(p, target, family));
        } else if (network.routed(family)) {
            elements.add(open(p, target, family));
        }
    }

    /** A DNAT entry: host port (and host address, unless any) to the endpoint's address and port. */
    private static Element dnat(PortBinding p, InetAddress target, Family family) {
        boolean v4 = family == Family.IPV4;
        List<NftValue> key = new ArrayList<>(List.of(protocol(p), NftValue.inetService(p.hostPort())));
        NftSet map = v4 ? NftRules.PORTS4 : NftRules.PORTS6;
        if (!p.anyHostAddress()) {
            key.addFirst(address(p.hostIp()));
            map = v4 ? NftRules.ADDRPORTS4 : NftRules.ADDRPORTS6;
        }
        return new Element(map, NftElement.mapping(key, List.of(address(target), NftValue.inetService(p.containerPort()))));
    }

    private static Element open(PortBinding p, InetAddress target, Family family) {
        return new Element(family == Family.IPV4 ? NftRules.OPEN4 : NftRules.OPEN6,
                NftElement.of(address(target), protocol(p), NftValue.inetService(p.containerPort())));
    }

    private static NftValue protocol(PortBinding p) {
        return NftValue.inetProto(p.protocol().number());
    }

    private static NftValue address(InetAddress a) {
        return a instanceof Inet4Address v4 ? NftValue.ipv4Addr(v4) : NftValue.ipv6Addr((Inet6Address) a);
    }
}
