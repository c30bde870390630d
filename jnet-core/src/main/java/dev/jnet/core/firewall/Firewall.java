package dev.jnet.core.firewall;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.net.IfName;

import java.util.Map;

/**
 * What the bridge driver tells the firewall. Each call is one small change. {@link NftFirewall} keeps
 * networks isolated today (NAT and published ports come next); {@link #NONE} does nothing.
 */
public interface Firewall {
    /** A firewall that does nothing. */
    Firewall NONE = new Firewall() {
        @Override
        public void rebuild(Map<IfName, Network> bridges) {
        }

        @Override
        public void networkCreated(Network network, IfName bridge) {
        }

        @Override
        public void networkDeleted(Network network, IfName bridge) {
        }

        @Override
        public void endpointJoined(Network network, Endpoint endpoint, IfName hostInterface) {
        }

        @Override
        public void endpointLeft(Network network, Endpoint endpoint, IfName hostInterface) {
        }
    };

    /** Makes the firewall match exactly these networks (by bridge): at start-up and on reconcile. */
    void rebuild(Map<IfName, Network> bridges);

    void networkCreated(Network network, IfName bridge);

    void networkDeleted(Network network, IfName bridge);

    void endpointJoined(Network network, Endpoint endpoint, IfName hostInterface);

    void endpointLeft(Network network, Endpoint endpoint, IfName hostInterface);
}
