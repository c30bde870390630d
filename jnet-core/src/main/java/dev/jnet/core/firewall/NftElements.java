package dev.jnet.core.firewall;

import dev.jnet.core.firewall.FirewallNetwork.Family;
import dev.jnet.core.model.PortBinding;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An endpoint's elements in jnet's sets and maps: its published ports (DNAT map entries, or open
 * container ports on routed networks), without ICC its bridge port, and its pinned MAC and addresses.
 * Adding or removing an endpoint adds or removes exactly these, whatever else the tables hold.
 */
final class NftElements {
    private NftElements() {}

    /** One element: the set or map it belongs to (with its table) and the element's text. */
    record Element(String table, String set, String key, String value) {
        String add() {
            return "add element " + table + " " + set + " { " + key + (value.isEmpty() ? "" : " : " + value) + " }\n";
        }

        String delete() {
            return "delete element " + table + " " + set + " { " + key + " }\n";
        }
    }

    static List<Element> of(FirewallNetwork network, FirewallEndpoint endpoint) {
        List<Element> elements = new ArrayList<>();
        String port = "\"" + endpoint.hostInterface().value() + "\"";
        if (!network.icc()) {
            elements.add(new Element(NftRules.BRIDGE_TABLE, "icc_off", port, ""));
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

    /**
     * The port's pinned sources: its MAC and addresses, with IPv6 also the link-local address the kernel
     * derives from the MAC (what ND and MLD use). A sandbox that makes its link-local another way
     * ({@code addr_gen_mode}) loses link-local traffic only; its global address keeps working.
     */
    private static void pins(List<Element> elements, String port, FirewallEndpoint endpoint) {
        String bridge = NftRules.BRIDGE_TABLE;
        elements.add(new Element(bridge, "pinned", port, ""));
        elements.add(new Element(bridge, "pinned_mac", port + " . " + endpoint.mac(), ""));
        endpoint.ipv4().ifPresent(a -> elements.add(new Element(bridge, "pinned_ipv4", port + " . " + IpFormat.format(a), "")));
        endpoint.ipv6().ifPresent(a -> {
            for (InetAddress own : List.of(a, endpoint.mac().linkLocalIpv6())) {
                elements.add(new Element(bridge, "pinned_ipv6", port + " . " + IpFormat.format(own), ""));
                elements.add(new Element(bridge, "pinned_nd", port + " . 0x" + HexFormat.of().formatHex(own.getAddress()), ""));
            }
        });
    }

    private static void add(List<Element> elements, FirewallNetwork network, Family family, PortBinding p, InetAddress target) {
        if (network.natted(family)) {
            elements.add(dnat(p, target, family.suffix));
        } else if (network.routed(family)) {
            elements.add(open(p, target, family.suffix));
        }
    }

    /** A DNAT entry: host port (and host address, unless any) to the endpoint's address and port. */
    private static Element dnat(PortBinding p, InetAddress target, String family) {
        String key = p.protocol() + " . " + p.hostPort();
        boolean any = p.anyHostAddress();
        String map = (any ? "ports" : "addrports") + family;
        if (!any) {
            key = IpFormat.format(p.hostIp()) + " . " + key;
        }
        return new Element(NftRules.TABLE, map, key, IpFormat.format(target) + " . " + p.containerPort());
    }

    private static Element open(PortBinding p, InetAddress target, String family) {
        return new Element(NftRules.TABLE, "open" + family,
                IpFormat.format(target) + " . " + p.protocol() + " . " + p.containerPort(), "");
    }
}
