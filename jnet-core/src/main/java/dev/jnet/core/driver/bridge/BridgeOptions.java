package dev.jnet.core.driver.bridge;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.driver.Options;
import dev.jnet.core.model.NetworkId;
import dev.jnet.error.JnetException;
import dev.jnet.net.IfName;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A bridge network's options, with Docker's names and defaults.
 *
 * @param bridgeName {@code com.docker.network.bridge.name}, else {@code br-<first 12 of the id>}
 * @param mtu {@code com.docker.network.driver.mtu}, else the kernel's default
 * @param masquerade {@code com.docker.network.bridge.enable_ip_masquerade} (default true)
 * @param icc {@code com.docker.network.bridge.enable_icc} (default true)
 * @param hostBindingIpv4 {@code com.docker.network.bridge.host_binding_ipv4} (default 0.0.0.0)
 * @param gatewayModeIpv4 {@code com.docker.network.bridge.gateway_mode_ipv4}: nat, nat-unprotected, routed, isolated
 * @param inhibitIpv4 {@code com.docker.network.bridge.inhibit_ipv4}: no IPv4 gateway address on the bridge
 * @param pinAddresses {@code dev.jnet.bridge.pin_addresses} (jnet's own, default true): each endpoint's MAC
 *     and addresses are pinned to its bridge port, so a sandbox cannot take over a neighbour's
 * @param multicastSnooping {@code dev.jnet.bridge.multicast_snooping} (jnet's own, default false): the bridge
 *     forwards multicast only to ports that joined the group (IGMP/MLD snooping); off, multicast is flooded
 *     to every port as broadcast is, and a new port costs the kernel less on a bridge with many ports
 */
public record BridgeOptions(IfName bridgeName, OptionalInt mtu, boolean masquerade, boolean icc,
                            InetAddress hostBindingIpv4, String gatewayModeIpv4, String gatewayModeIpv6,
                            boolean inhibitIpv4, boolean pinAddresses, boolean multicastSnooping) implements NetworkPlan {
    static final String PREFIX = "com.docker.network.bridge.";
    static final String NAME = PREFIX + "name";
    static final String MASQUERADE = PREFIX + "enable_ip_masquerade";
    static final String ICC = PREFIX + "enable_icc";
    static final String HOST_BINDING = PREFIX + "host_binding_ipv4";
    static final String GATEWAY_MODE_IPV4 = PREFIX + "gateway_mode_ipv4";
    static final String GATEWAY_MODE_IPV6 = PREFIX + "gateway_mode_ipv6";
    static final String INHIBIT_IPV4 = PREFIX + "inhibit_ipv4";
    static final String DEFAULT_BRIDGE = PREFIX + "default_bridge";
    static final String MTU = "com.docker.network.driver.mtu";
    static final String IFACE_PREFIX = dev.jnet.core.model.NetworkSpec.IFACE_PREFIX;
    /** jnet's own bridge options, named like Docker's under jnet's reversed domain. */
    static final String JNET_PREFIX = "dev.jnet.bridge.";
    static final String PIN_ADDRESSES = JNET_PREFIX + "pin_addresses";
    static final String MULTICAST_SNOOPING = JNET_PREFIX + "multicast_snooping";
    private static final Set<String> KNOWN = Set.of(NAME, MASQUERADE, ICC, HOST_BINDING, GATEWAY_MODE_IPV4,
            GATEWAY_MODE_IPV6, INHIBIT_IPV4, DEFAULT_BRIDGE);
    private static final Set<String> GATEWAY_MODES = Set.of("nat", "nat-unprotected", "routed", "isolated");

    /** Parses and checks the options; {@code id} names the default bridge, if known yet. */
    public static BridgeOptions parse(Map<String, String> options, Optional<NetworkId> id) {
        Options o = new Options(options);
        o.onlyKnown(PREFIX, KNOWN);
        o.onlyKnown(JNET_PREFIX, Set.of(PIN_ADDRESSES, MULTICAST_SNOOPING));
        if (options.containsKey(NAME) && !options.get(NAME).matches("[A-Za-z0-9_.-]+")) {
            // The name goes into nftables scripts and must never be read as a wildcard or syntax.
            throw JnetException.invalid("option " + NAME + " '" + options.get(NAME)
                    + "' may only contain letters, digits, '_', '.' and '-'");
        }
        IfName name = options.containsKey(NAME) ? IfName.of(options.get(NAME))
                : IfName.of("br-" + id.map(NetworkId::shortId).orElse("000000000000"));
        String prefix = o.string(IFACE_PREFIX, "eth");
        try {
            IfName.of(prefix + "99"); // the prefix must leave room for an index
        } catch (JnetException e) {
            throw JnetException.invalid("option " + IFACE_PREFIX + " '" + prefix
                    + "' cannot start an interface name: " + e.getMessage());
        }
        return new BridgeOptions(name, o.integer(MTU, 68, 65535), o.bool(MASQUERADE, true), o.bool(ICC, true),
                o.address(HOST_BINDING, "0.0.0.0"), o.oneOf(GATEWAY_MODE_IPV4, "nat", GATEWAY_MODES),
                o.oneOf(GATEWAY_MODE_IPV6, "nat", GATEWAY_MODES), o.bool(INHIBIT_IPV4, false),
                o.bool(PIN_ADDRESSES, true), o.bool(MULTICAST_SNOOPING, false));
    }

    /** Subnets with a gateway on the bridge, or without one where the bridge carries none for the family. */
    @Override
    public Driver.IpamNeeds ipamNeeds(boolean ipv6) {
        return (ipv6 ? ipv6Gateway() : ipv4Gateway()) ? Driver.IpamNeeds.SUBNETS_WITH_GATEWAY : Driver.IpamNeeds.SUBNETS;
    }

    /** Whether published ports take host ports (DNAT): a NAT gateway mode for either family. */
    public boolean publishesHostPorts() {
        return nat(gatewayModeIpv4) || nat(gatewayModeIpv6);
    }

    /** Whether no port can be published at all: both families isolated. */
    public boolean isolated() {
        return gatewayModeIpv4.equals("isolated") && gatewayModeIpv6.equals("isolated");
    }

    private static boolean nat(String mode) {
        return mode.equals("nat") || mode.equals("nat-unprotected");
    }

    /** Whether the bridge carries an IPv4 gateway address. */
    boolean ipv4Gateway() {
        return !inhibitIpv4 && !gatewayModeIpv4.equals("isolated");
    }

    boolean ipv6Gateway() {
        return !gatewayModeIpv6.equals("isolated");
    }
}
