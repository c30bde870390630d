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

        @Override
        public void removeAll() {
        }
    };

    /**
     * Removes everything jnet keeps in the firewall, its tables with their user rules included, and its
     * rules in other firewalls' chains: for an uninstall, after the last network was deleted.
     */
    void removeAll();

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

    /**
     * How the firewall in the kernel differs from what {@link #rebuild} would make of {@code networks}, in
     * words (empty: it does not); a cheap check, whose cost must not grow much with the number of ports.
     * Rules the administrator added where jnet allows it (the user chain) are no difference.
     */
    default List<String> drift(Map<FirewallNetwork, List<FirewallEndpoint>> networks) {
        return List.of();
    }
}
