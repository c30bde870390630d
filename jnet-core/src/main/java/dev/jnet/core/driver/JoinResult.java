package dev.jnet.core.driver;

import dev.jnet.net.IfName;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What a driver made when joining an endpoint, and what the controller must still set up inside the
 * sandbox (addresses, link up, default routes).
 *
 * @param sandboxInterface the interface created inside the sandbox, or empty when the driver made none
 *                         (host and null networks)
 * @param hostInterface the driver's end outside the sandbox (a veth on the bridge), if any
 * @param gateway4 the IPv4 default gateway the endpoint should use, if any
 * @param gateway6 the IPv6 default gateway, if any
 */
public record JoinResult(Optional<IfName> sandboxInterface, Optional<IfName> hostInterface,
                         Optional<InetAddress> gateway4, Optional<InetAddress> gateway6) {
    /** Nothing made, nothing to configure. */
    public static final JoinResult NOTHING =
            new JoinResult(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
}
