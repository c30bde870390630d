package dev.jnet.core.driver;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;

import java.util.List;
import java.util.Optional;

/**
 * An optional driver ability: cheap checks that the kernel still holds what the driver made, so that the
 * controller can notice drift (a bridge deleted by hand, a flushed firewall) and repair only when
 * something differs. The checks only read; {@link Driver#ensureNetwork} and {@link Driver#reconcileAll}
 * repair. Endpoints are checked with {@link Driver#isJoined}.
 */
public interface DriftCheck {
    /** What is missing of the network's own kernel objects (its bridge, its gateway addresses), if anything. */
    Optional<String> networkDrift(Network network);

    /**
     * How the shared kernel state (the firewall tables) differs from what these networks and endpoints
     * need; empty when it does not. Its cost must not grow much with the number of endpoints or ports.
     */
    List<String> sharedStateDrift(List<Network> networks, List<Endpoint> endpoints);
}
