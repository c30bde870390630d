package dev.jnet.core.firewall;

import dev.jnet.core.firewall.FirewallNetwork.Family;
import dev.jnet.kernel.nft.NftSet;
import dev.jnet.kernel.nft.NftType;

import java.util.List;
import java.util.stream.Collectors;

import static dev.jnet.kernel.nft.NftType.ETHER_ADDR;
import static dev.jnet.kernel.nft.NftType.IFNAME;
import static dev.jnet.kernel.nft.NftType.INET_PROTO;
import static dev.jnet.kernel.nft.NftType.INET_SERVICE;
import static dev.jnet.kernel.nft.NftType.INTEGER_128;
import static dev.jnet.kernel.nft.NftType.IPV4_ADDR;
import static dev.jnet.kernel.nft.NftType.IPV6_ADDR;

/**
 * The text of jnet's nftables tables: the skeleton of sets, maps and base chains, their few fixed rules,
 * and the three small chains each network adds. Per-endpoint facts are elements ({@link NftElements}).
 *
 * <pre>
 * table inet jnet
 *   chain user                      the administrator's rules, jumped to first; jnet never flushes it
 *   set bridges, maps egress/ingress/nat (bridge : jump its chain)
 *   maps ports4/ports6 (proto . host port : address . port), addrports4/addrports6 (host address . proto . port : ...)
 *   sets open4/open6 (address . proto . port) published ports of routed networks
 *   chain forward      user rules; established; iifname vmap @egress; oifname vmap @ingress
 *   chain prerouting   DNAT of packets to a host address through the port maps
 *   chain output       the same for the host's own packets (127.0.0.1 and host addresses)
 *   chain postrouting  iifname vmap @nat; oifname vmap @nat (masquerade out, hairpin, host-local)
 *   chain guard        packets to 127.0.0.0/8 that did not come from lo are dropped before DNAT
 *   chains out-BRIDGE, in-BRIDGE, nat-BRIDGE per network
 * table bridge jnet
 *   set icc_off        bridge ports of networks without ICC; chain forward drops what they send
 *   set pinned         bridge ports whose sources are pinned; chain prerouting sends their frames to chain pin
 *   sets pinned_mac, pinned_ipv4, pinned_ipv6 (port . source), pinned_nd (port . ND target, as a raw 128-bit key)
 *   chain pin          drops VLAN tags, a foreign source MAC, ARP with a foreign sender, IPv4/IPv6 with a
 *                      foreign source, neighbour advertisements for a foreign address, router advertisements
 * </pre>
 */
final class NftRules {
    static final String TABLE = "inet jnet";
    static final String BRIDGE_TABLE = "bridge jnet";
    static final String USER_CHAIN = "user";
    static final List<String> BASE_CHAINS = List.of("forward", "prerouting", "output", "postrouting", "guard");

    // The sets and maps that hold endpoints' elements, typed: their elements go to the kernel over jnet's own
    // netlink code (NftSetElements), and the skeleton declares them from these.
    static final NftSet PORTS4 = NftSet.map("inet", "jnet", "ports4", List.of(INET_PROTO, INET_SERVICE), List.of(IPV4_ADDR, INET_SERVICE));
    static final NftSet PORTS6 = NftSet.map("inet", "jnet", "ports6", List.of(INET_PROTO, INET_SERVICE), List.of(IPV6_ADDR, INET_SERVICE));
    static final NftSet ADDRPORTS4 = NftSet.map("inet", "jnet", "addrports4", List.of(IPV4_ADDR, INET_PROTO, INET_SERVICE),
            List.of(IPV4_ADDR, INET_SERVICE));
    static final NftSet ADDRPORTS6 = NftSet.map("inet", "jnet", "addrports6", List.of(IPV6_ADDR, INET_PROTO, INET_SERVICE),
            List.of(IPV6_ADDR, INET_SERVICE));
    static final NftSet OPEN4 = NftSet.set("inet", "jnet", "open4", IPV4_ADDR, INET_PROTO, INET_SERVICE);
    static final NftSet OPEN6 = NftSet.set("inet", "jnet", "open6", IPV6_ADDR, INET_PROTO, INET_SERVICE);
    static final NftSet ICC_OFF = NftSet.set("bridge", "jnet", "icc_off", IFNAME);
    static final NftSet PINNED = NftSet.set("bridge", "jnet", "pinned", IFNAME);
    static final NftSet PINNED_MAC = NftSet.set("bridge", "jnet", "pinned_mac", IFNAME, ETHER_ADDR);
    static final NftSet PINNED_IPV4 = NftSet.set("bridge", "jnet", "pinned_ipv4", IFNAME, IPV4_ADDR);
    static final NftSet PINNED_IPV6 = NftSet.set("bridge", "jnet", "pinned_ipv6", IFNAME, IPV6_ADDR);
    /** nft 1.0.6 has no field for an ND target: a raw payload needs a raw (integer) key, declared by typeof. */
    static final NftSet PINNED_ND = NftSet.set("bridge", "jnet", "pinned_nd", IFNAME, INTEGER_128);
    /** Holds the ready element; made by a rebuild only ({@link #baseRules}). */
    static final NftSet READY_SET = NftSet.set("inet", "jnet", "ready", INET_SERVICE);
    /** The ready element, {@code 1}. */
    static final int READY_VALUE = 1;
    /**
     * Made only by a rebuild, never by the skeleton: a change that starts with this statement fails, changing
     * nothing, when something else removed jnet's table since (the skeleton would bring back empty chains).
     */
    static final String READY = "add element " + TABLE + " ready { " + READY_VALUE + " }\n";

    /** Whether a chain is one of a network's ({@code out-}, {@code in-}, {@code nat-} and its bridge). */
    static boolean isNetworkChain(String name) {
        return name.matches("(out|in|nat)-[A-Za-z0-9_.-]+");
    }

    private NftRules() {}

    /** Sets, maps and chains; every statement is idempotent ({@code add} of what exists changes nothing). */
    static String skeleton() {
        String t = TABLE;
        return "add table " + t + "\n"
                + "add chain " + t + " " + USER_CHAIN + "\n"
                + "add set " + t + " bridges { type ifname; }\n"
                + "add map " + t + " egress { type ifname : verdict; }\n"
                + "add map " + t + " ingress { type ifname : verdict; }\n"
                + "add map " + t + " nat { type ifname : verdict; }\n"
                + declare(PORTS4) + declare(PORTS6) + declare(ADDRPORTS4) + declare(ADDRPORTS6)
                + declare(OPEN4) + declare(OPEN6)
                + "add chain " + t + " forward { type filter hook forward priority filter; policy accept; }\n"
                + "add chain " + t + " prerouting { type nat hook prerouting priority dstnat; policy accept; }\n"
                + "add chain " + t + " output { type nat hook output priority -100; policy accept; }\n"
                + "add chain " + t + " postrouting { type nat hook postrouting priority srcnat; policy accept; }\n"
                + "add chain " + t + " guard { type filter hook prerouting priority raw; policy accept; }\n"
                + "add table " + BRIDGE_TABLE + "\n"
                + declare(ICC_OFF) + declare(PINNED) + declare(PINNED_MAC) + declare(PINNED_IPV4) + declare(PINNED_IPV6)
                + "add set " + BRIDGE_TABLE + " " + PINNED_ND.name() + " { typeof iifname . @th,64,128; }\n"
                + "add chain " + BRIDGE_TABLE + " forward { type filter hook forward priority filter; policy accept; }\n"
                + "add chain " + BRIDGE_TABLE + " prerouting { type filter hook prerouting priority filter; policy accept; }\n"
                + "add chain " + BRIDGE_TABLE + " pin\n";
    }

    /** {@code add map inet jnet ports4 { type inet_proto . inet_service : ipv4_addr . inet_service; }} */
    private static String declare(NftSet set) {
        String type = types(set.key()) + (set.isMap() ? " : " + types(set.data()) : "");
        return "add " + (set.isMap() ? "map " : "set ") + set.family() + " " + set.table() + " " + set.name()
                + " { type " + type + "; }\n";
    }

    private static String types(List<NftType> types) {
        return types.stream().map(NftType::toString).collect(Collectors.joining(" . "));
    }

    /** The base chains' rules and the ready marker; added once, right after the chains were (re)made empty. */
    static String baseRules() {
        String t = "add rule " + TABLE + " ";
        StringBuilder s = new StringBuilder(declare(READY_SET) + READY)
                .append(t).append("forward jump ").append(USER_CHAIN).append('\n')
                .append(t).append("forward ct state established,related accept\n")
                .append(t).append("forward iifname vmap @egress\n")
                .append(t).append("forward oifname vmap @ingress\n");
        for (String chain : List.of("prerouting", "output")) {
            s.append(t).append(chain).append(" meta nfproto ipv4 fib daddr type local")
                    .append(" dnat ip to ip daddr . meta l4proto . th dport map @addrports4\n")
                    .append(t).append(chain).append(" meta nfproto ipv4 fib daddr type local")
                    .append(" dnat ip to meta l4proto . th dport map @ports4\n")
                    .append(t).append(chain).append(" meta nfproto ipv6 fib daddr type local")
                    .append(" dnat ip6 to ip6 daddr . meta l4proto . th dport map @addrports6\n")
                    .append(t).append(chain).append(" meta nfproto ipv6 fib daddr type local")
                    .append(" dnat ip6 to meta l4proto . th dport map @ports6\n");
        }
        return s.append(t).append("postrouting iifname vmap @nat\n")
                .append(t).append("postrouting oifname vmap @nat\n")
                .append(t).append("guard iifname != \"lo\" ip daddr 127.0.0.0/8 drop\n")
                .append("add rule ").append(BRIDGE_TABLE).append(" forward iifname @icc_off drop\n")
                .append(pinRules())
                .toString();
    }

    /**
     * What a pinned port may send: its own MAC, ARP and IP from its own addresses (ARP probes from 0.0.0.0
     * and IPv6 from :: for DAD and MLD too), neighbour advertisements only for its own addresses, no router
     * advertisements or redirects (a sandbox is not the network's router). VLAN-tagged frames go first:
     * the checks below read the outer ether type and would miss a priority-tagged ARP that receivers
     * still take. Frames of other ports (the option off, not jnet's) never get here.
     */
    private static String pinRules() {
        String pin = "add rule " + BRIDGE_TABLE + " pin ";
        return "add rule " + BRIDGE_TABLE + " prerouting iifname @pinned jump pin\n"
                + pin + "ether type { 8021q, 8021ad } drop\n"
                + pin + "iifname . ether saddr != @pinned_mac drop\n"
                + pin + "iifname . arp saddr ether != @pinned_mac drop\n"
                + pin + "arp saddr ip != 0.0.0.0 iifname . arp saddr ip != @pinned_ipv4 drop\n"
                + pin + "iifname . ip saddr != @pinned_ipv4 drop\n"
                + pin + "icmpv6 type { nd-router-advert, nd-redirect } drop\n"
                + pin + "icmpv6 type nd-neighbor-advert iifname . @th,64,128 != @pinned_nd drop\n"
                + pin + "ip6 saddr :: icmpv6 type nd-neighbor-solicit iifname . @th,64,128 != @pinned_nd drop\n"
                + pin + "ip6 saddr != :: iifname . ip6 saddr != @pinned_ipv6 drop\n";
    }

    /** A network's chains (emptied first) and its map entries. */
    static String addNetwork(FirewallNetwork n) {
        String br = quote(n);
        StringBuilder s = new StringBuilder();
        for (String chain : chains(n)) {
            s.append("add chain ").append(TABLE).append(' ').append(chain).append('\n')
                    .append("flush chain ").append(TABLE).append(' ').append(chain).append('\n');
        }
        String out = "add rule " + TABLE + " " + chain("out", n) + " ";
        s.append(out).append("oifname ").append(br).append(n.icc() ? " accept\n" : " drop\n");
        if (n.internal()) {
            s.append(out).append("drop\n");
        } else {
            for (Family f : Family.values()) {
                if (n.closed(f)) {
                    s.append(out).append("meta nfproto ").append(f.nfproto).append(" drop\n");
                }
            }
            s.append(out).append("oifname @bridges ct status dnat return\n")
                    .append(out).append("oifname @bridges drop\n");
        }
        s.append(ingressRules(n)).append(natRules(n));
        return s.append("add element ").append(TABLE).append(" bridges { ").append(br).append(" }\n")
                .append(mapEntry("egress", n, "out")).append(mapEntry("ingress", n, "in"))
                .append(mapEntry("nat", n, "nat")).toString();
    }

    /**
     * What may enter the network from elsewhere (the same bridge was decided by its out chain), by the
     * family's gateway mode; one set of rules when both families have the same mode.
     */
    private static String ingressRules(FirewallNetwork n) {
        String in = "add rule " + TABLE + " " + chain("in", n) + " ";
        if (n.internal()) {
            return in + "drop\n";
        }
        if (n.mode4() == n.mode6()) {
            return ingress(in, n.mode4(), List.of(Family.values()));
        }
        return ingress(in + "meta nfproto ipv4 ", n.mode4(), List.of(Family.IPV4))
                + ingress(in + "meta nfproto ipv6 ", n.mode6(), List.of(Family.IPV6));
    }

    private static String ingress(String in, FirewallNetwork.GatewayMode mode, List<Family> families) {
        return switch (mode) {
            case NAT -> in + "ct status dnat accept\n" + in + "drop\n";
            case NAT_UNPROTECTED -> in + "accept\n";
            case ISOLATED -> in + "drop\n";
            case ROUTED -> {
                StringBuilder s = new StringBuilder(in).append("meta l4proto ")
                        .append(families.size() == 1 ? families.getFirst().icmp : "{ icmp, ipv6-icmp }").append(" accept\n");
                for (Family f : families) {
                    s.append(in).append(f.payload).append(" daddr . meta l4proto . th dport @open").append(f.suffix)
                            .append(" accept\n");
                }
                yield s.append(in).append("drop\n").toString();
            }
        };
    }

    /** Masquerade of what leaves (families in a NAT mode), hairpin and 127.0.0.1 access. */
    private static String natRules(FirewallNetwork n) {
        String br = quote(n);
        String nat = "add rule " + TABLE + " " + chain("nat", n) + " ";
        StringBuilder s = new StringBuilder();
        if (n.masquerade() && !n.internal()) {
            boolean v4 = n.natted(Family.IPV4);
            boolean v6 = n.natted(Family.IPV6);
            if (v4 || v6) {
                s.append(nat).append(v4 && v6 ? "" : "meta nfproto " + (v4 ? "ipv4 " : "ipv6 "))
                        .append("iifname ").append(br).append(" oifname != ").append(br).append(" masquerade\n");
            }
        }
        return s.append(nat).append("oifname ").append(br).append(" ct status dnat iifname ").append(br).append(" masquerade\n")
                .append(nat).append("oifname ").append(br).append(" ct status dnat ip saddr 127.0.0.0/8 masquerade\n")
                .toString();
    }

    /** Removes a network; each object is added before it is deleted, so a missing one is no error. */
    static String deleteNetwork(FirewallNetwork n) {
        String br = quote(n);
        StringBuilder s = new StringBuilder(skeleton());
        // Added first, so that every delete below finds its object even when the network is gone already
        // (a second delete): the chains before the map entries that jump to them.
        for (String chain : chains(n)) {
            s.append("add chain ").append(TABLE).append(' ').append(chain).append('\n');
        }
        for (String map : List.of("egress", "ingress", "nat")) {
            s.append(mapEntry(map, n, map.equals("egress") ? "out" : map.equals("ingress") ? "in" : "nat"));
        }
        s.append("add element ").append(TABLE).append(" bridges { ").append(br).append(" }\n");
        for (String map : List.of("egress", "ingress", "nat")) {
            s.append("delete element ").append(TABLE).append(' ').append(map).append(" { ").append(br).append(" }\n");
        }
        s.append("delete element ").append(TABLE).append(" bridges { ").append(br).append(" }\n");
        for (String chain : chains(n)) {
            s.append("flush chain ").append(TABLE).append(' ').append(chain).append('\n')
                    .append("delete chain ").append(TABLE).append(' ').append(chain).append('\n');
        }
        return s.toString();
    }

    private static String mapEntry(String map, FirewallNetwork n, String chainPrefix) {
        return "add element " + TABLE + " " + map + " { " + quote(n) + " : jump " + chain(chainPrefix, n) + " }\n";
    }

    static List<String> chains(FirewallNetwork n) {
        return List.of(chain("out", n), chain("in", n), chain("nat", n));
    }

    /** Bridge names hold only letters, digits, '_', '.' and '-' (checked by the driver), all valid here. */
    private static String chain(String prefix, FirewallNetwork n) {
        return prefix + "-" + n.bridge().value();
    }

    static String quote(FirewallNetwork n) {
        return "\"" + n.bridge().value() + "\"";
    }
}
