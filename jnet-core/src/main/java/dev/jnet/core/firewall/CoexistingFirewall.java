package dev.jnet.core.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * jnet's firewall, followed by {@link ForeignFirewall} for every change of the set of bridges: a new network's
 * bridge gets its accept rules in other firewalls' dropping forward chains, a deleted one loses them (with
 * the last network, all of jnet's rules there go), and every rebuild (start-up, reconcile) brings them in
 * line. What happens in other firewalls' chains never fails jnet's own change: it is reported and logged,
 * and the next pass tries again.
 */
final class CoexistingFirewall implements Firewall {
    private final Firewall jnet;
    private final ForeignFirewall foreign;

    CoexistingFirewall(Firewall jnet, ForeignFirewall foreign) {
        this.jnet = jnet;
        this.foreign = foreign;
    }

    @Override
    public void rebuild(Map<FirewallNetwork, List<FirewallEndpoint>> networks) {
        jnet.rebuild(networks);
        foreign.reconcile(networks.keySet().stream().map(FirewallNetwork::bridge).toList());
    }

    @Override
    public void networkCreated(FirewallNetwork network) {
        jnet.networkCreated(network);
        foreign.bridgeAdded(network.bridge());
    }

    @Override
    public void networkDeleted(FirewallNetwork network) {
        jnet.networkDeleted(network);
        foreign.bridgeRemoved(network.bridge());
    }

    @Override
    public void endpointJoined(FirewallNetwork network, FirewallEndpoint endpoint) {
        jnet.endpointJoined(network, endpoint);
    }

    @Override
    public void endpointLeft(FirewallNetwork network, FirewallEndpoint endpoint) {
        jnet.endpointLeft(network, endpoint);
    }

    @Override
    public void removeAll() {
        jnet.removeAll();
        foreign.reconcile(List.of());
    }

    /** jnet's own tables' drift, then rules missing from (or left over in) other firewalls' dropping chains. */
    @Override
    public List<String> drift(Map<FirewallNetwork, List<FirewallEndpoint>> networks) {
        List<String> found = new ArrayList<>(jnet.drift(networks));
        found.addAll(foreign.drift());
        return found;
    }
}
