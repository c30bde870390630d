package dev.jnet.core.firewall;

import dev.jnet.error.JnetException;
import dev.jnet.net.IfName;

import java.util.Locale;

/**
 * What the firewall needs to know of a bridge network.
 *
 * @param bridge the network's Linux bridge; the firewall's per-network chains are named after it
 * @param icc whether endpoints of the network may talk to each other ({@code enable_icc})
 * @param masquerade whether traffic leaving the network takes the host's address ({@code enable_ip_masquerade})
 * @param mode4 how IPv4 traffic from elsewhere reaches the network ({@code gateway_mode_ipv4})
 * @param mode6 the same for IPv6 ({@code gateway_mode_ipv6})
 * @param internal no traffic in or out: the network reaches only itself
 * @param pinAddresses whether each endpoint's MAC and addresses are pinned to its bridge port, so that a
 *     sandbox cannot take over a neighbour's ({@code dev.jnet.bridge.pin_addresses}, default true)
 */
public record FirewallNetwork(IfName bridge, boolean icc, boolean masquerade, GatewayMode mode4, GatewayMode mode6,
                              boolean internal, boolean pinAddresses) {
    /** A network with pinned addresses, as by default. */
    public FirewallNetwork(IfName bridge, boolean icc, boolean masquerade, GatewayMode mode4, GatewayMode mode6,
                           boolean internal) {
        this(bridge, icc, masquerade, mode4, mode6, internal, true);
    }

    /** A network with the same gateway mode for both families and pinned addresses. */
    public FirewallNetwork(IfName bridge, boolean icc, boolean masquerade, GatewayMode mode, boolean internal) {
        this(bridge, icc, masquerade, mode, mode, internal);
    }

    public GatewayMode mode(Family family) {
        return family == Family.IPV4 ? mode4 : mode6;
    }

    /** Whether nothing of this family may leave or enter the network. */
    public boolean closed(Family family) {
        return internal || mode(family) == GatewayMode.ISOLATED;
    }

    /** Whether published ports of this family are reached through the host's addresses (DNAT). */
    public boolean natted(Family family) {
        return !closed(family) && (mode(family) == GatewayMode.NAT || mode(family) == GatewayMode.NAT_UNPROTECTED);
    }

    /** Whether published container ports of this family are opened at the container's own address. */
    public boolean routed(Family family) {
        return !closed(family) && mode(family) == GatewayMode.ROUTED;
    }

    /** The address families, with their names in nftables. */
    public enum Family {
        IPV4("ipv4", "ip", "icmp", "4"),
        IPV6("ipv6", "ip6", "ipv6-icmp", "6");

        final String nfproto;
        final String payload;
        final String icmp;
        final String suffix;

        Family(String nfproto, String payload, String icmp, String suffix) {
            this.nfproto = nfproto;
            this.payload = payload;
            this.icmp = icmp;
            this.suffix = suffix;
        }
    }

    /** Docker's gateway modes. */
    public enum GatewayMode {
        /** Outbound masqueraded; inbound only through published ports (the default). */
        NAT,
        /** As NAT, but every container port is also reachable directly from outside. */
        NAT_UNPROTECTED,
        /** No NAT: published container ports are reachable directly at the container's address. */
        ROUTED,
        /** No gateway: like an internal network. */
        ISOLATED;

        /** Parses Docker's spelling ({@code nat}, {@code nat-unprotected}, {@code routed}, {@code isolated}). */
        public static GatewayMode parse(String value) {
            for (GatewayMode m : values()) {
                if (m.toString().equals(value)) {
                    return m;
                }
            }
            throw JnetException.invalid("unknown gateway mode '" + value + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
