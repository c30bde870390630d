package dev.jnet.core.driver;

import dev.jnet.net.IfName;

import java.util.Optional;

/**
 * What a driver made when joining an endpoint; the controller then sets up the sandbox's side
 * (addresses, link up, default routes through {@link Driver#gateway}).
 *
 * @param sandboxInterface the interface created inside the sandbox, or empty when the driver made none
 *                         (host and null networks)
 * @param hostInterface the driver's end outside the sandbox (a veth on the bridge), if any
 */
public record JoinResult(Optional<IfName> sandboxInterface, Optional<IfName> hostInterface) {
    /** Nothing made, nothing to configure. */
    public static final JoinResult NOTHING = new JoinResult(Optional.empty(), Optional.empty());
}
