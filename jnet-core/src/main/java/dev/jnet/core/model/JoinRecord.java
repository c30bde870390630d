package dev.jnet.core.model;

import dev.jnet.net.IfName;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a driver decided when it joined an endpoint and the controller keeps with it: the sandbox's
 * gateways, its extra routes, and the driver's own data. Later calls (leave, reconcile, a default route
 * restored after another endpoint left) use it instead of asking the driver again.
 *
 * @param ipv4Gateway the IPv4 default gateway the endpoint offers; empty for none
 * @param ipv6Gateway the IPv6 default gateway the endpoint offers; empty for none
 * @param routes routes besides the default one
 * @param defaultRoute whether the endpoint may carry the sandbox's default route (not on an internal network)
 * @param driverData the driver's own facts about the endpoint (a host-side link name, a cached result)
 * @param awaitingMove the interface's name in the host namespace, where the driver left it for a runtime that
 *     moves it into the sandbox itself ({@link SandboxRuntime#configuresInterfaces}); empty otherwise
 */
public record JoinRecord(Optional<InetAddress> ipv4Gateway, Optional<InetAddress> ipv6Gateway, List<StaticRoute> routes,
                         boolean defaultRoute, Map<String, String> driverData, Optional<IfName> awaitingMove) {
    /**
     * The {@link #driverData} key by which a driver says that its endpoint gives the sandbox no way out though
     * its network has gateways (a Docker plugin's Join without a gateway): the controller then connects the
     * sandbox to the gateway bridge, as Docker does, unless another endpoint gives it a way out.
     */
    public static final String NEEDS_GATEWAY_BRIDGE = "jnet.needsGatewayBridge";

    /** No gateway, no routes, no data. */
    public static final JoinRecord NONE = new JoinRecord(Optional.empty(), Optional.empty(), List.of(), false, Map.of());

    /** A record of an interface made inside the sandbox. */
    public JoinRecord(Optional<InetAddress> ipv4Gateway, Optional<InetAddress> ipv6Gateway, List<StaticRoute> routes,
                      boolean defaultRoute, Map<String, String> driverData) {
        this(ipv4Gateway, ipv6Gateway, routes, defaultRoute, driverData, Optional.empty());
    }

    public JoinRecord {
        ipv4Gateway.ifPresent(g -> family(g, true));
        ipv6Gateway.ifPresent(g -> family(g, false));
        routes = List.copyOf(routes);
        driverData = Map.copyOf(Objects.requireNonNull(driverData, "driverData"));
        Objects.requireNonNull(awaitingMove, "awaitingMove");
    }

    /** This record, the interface waiting in the host namespace as {@code name}. */
    public JoinRecord awaitingMoveAs(IfName name) {
        return new JoinRecord(ipv4Gateway, ipv6Gateway, routes, defaultRoute, driverData, Optional.of(name));
    }

    private static void family(InetAddress gateway, boolean v4) {
        if ((gateway.getAddress().length == 4) != v4) {
            throw new IllegalArgumentException("gateway " + IpFormat.format(gateway) + " is not an "
                    + (v4 ? "IPv4" : "IPv6") + " address");
        }
    }

    /** Whether the driver said this endpoint needs the gateway bridge for a way out ({@link #NEEDS_GATEWAY_BRIDGE}). */
    public boolean needsGatewayBridge() {
        return "true".equals(driverData.get(NEEDS_GATEWAY_BRIDGE));
    }

    /** The gateway of one family. */
    public Optional<InetAddress> gateway(boolean ipv6) {
        return ipv6 ? ipv6Gateway : ipv4Gateway;
    }

    /** Gateways and whether they may carry the default route; no routes or data. */
    public static JoinRecord gateways(Optional<InetAddress> ipv4, Optional<InetAddress> ipv6, boolean defaultRoute) {
        return new JoinRecord(ipv4, ipv6, List.of(), defaultRoute, Map.of());
    }

    public JoinRecord withRoutes(List<StaticRoute> value) {
        return new JoinRecord(ipv4Gateway, ipv6Gateway, value, defaultRoute, driverData, awaitingMove);
    }

}
