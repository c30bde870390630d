package dev.jnet.core.firewall;

import java.util.List;
import java.util.Map;

/**
 * What the bridge driver tells the firewall. Each call is one small change whose cost does not depend on
 * how many networks, endpoints or published ports exist. {@link NftFirewall} is the implementation;
 * {@link #NONE} does nothing.
 */
public interface Firewall {
    /** A firewall that does nothing. */
    Firewall NONE = new Firewall() {
        @Override
        public void rebuild(Map<FirewallNetwork, List<FirewallEndpoint>> networks) {
        }

        @Override
        public void networkCreated(FirewallNetwork network) {
        }

        @Override
        public void networkDeleted(FirewallNetwork network) {
        }

        @Override
        public void endpointJoined(FirewallNetwork network, FirewallEndpoint endpoint) {
        }

        @Override
        public void endpointLeft(FirewallNetwork network, FirewallEndpoint endpoint) {
        }
    };

    /**
     * Makes the firewall match exactly these networks and their endpoints, repairing whatever was edited
     * or flushed: at start-up and on reconcile. User rules (the {@code user} chain) are kept.
     */
    void rebuild(Map<FirewallNetwork, List<FirewallEndpoint>> networks);

    void networkCreated(FirewallNetwork network);

    /** Removes the network's chains and elements; with no network left, jnet's tables go too. */
    void networkDeleted(FirewallNetwork network);

    /** Adds the endpoint's elements (published ports, ICC); idempotent. */
    void endpointJoined(FirewallNetwork network, FirewallEndpoint endpoint);

    /** Removes the endpoint's elements; missing ones are no error. */
    void endpointLeft(FirewallNetwork network, FirewallEndpoint endpoint);
}
