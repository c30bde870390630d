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
 * @param mode how traffic from elsewhere reaches the network ({@code gateway_mode_ipv4})
 * @param internal no traffic in or out: the network reaches only itself
 */
public record FirewallNetwork(IfName bridge, boolean icc, boolean masquerade, GatewayMode mode, boolean internal) {
    /** Whether nothing may leave or enter the network. */
    public boolean closed() {
        return internal || mode == GatewayMode.ISOLATED;
    }

    /** Whether published ports are reached through the host's addresses (DNAT) rather than directly. */
    public boolean natted() {
        return mode == GatewayMode.NAT || mode == GatewayMode.NAT_UNPROTECTED;
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
