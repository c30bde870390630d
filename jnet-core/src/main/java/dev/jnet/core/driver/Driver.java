package dev.jnet.core.driver;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Link;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;


/**
 * A network driver: makes networks and endpoints real in the kernel. The controller validates, asks
 * IPAM, stores, and calls the driver; each method either completes or undoes what it did and throws.
 */
public interface Driver {
    /** The name users pass to {@code --driver}. */
    String name();

    /** Checks the driver options of a request before anything is allocated or created. */
    void validate(NetworkSpec spec);

    /** What IPAM should do for this driver's networks, for one address family. */
    IpamNeeds ipamNeeds(NetworkSpec spec, boolean ipv6);

    /** Creates the network's kernel objects (a bridge, for example). */
    void createNetwork(Network network);

    /** Removes the network's kernel objects; missing ones are not an error. */
    void deleteNetwork(Network network);

    /**
     * Joins an endpoint to a sandbox: creates its interface inside {@code sandbox} (named
     * {@code endpoint.interfaceName()}) and says what the controller must still configure there.
     */
    JoinResult join(Network network, Endpoint endpoint, NetNs sandbox);

    /** The default gateway endpoints of this network use, if the network offers one. */
    Optional<InetAddress> gateway(Network network, boolean ipv6);

    /** Undoes {@link #join}; missing objects are not an error. */
    void leave(Network network, Endpoint endpoint, NetNs sandbox);

    /** Re-creates the network's kernel objects if they are missing; returns whether it had to. */
    boolean ensureNetwork(Network network);

    /** Brings shared kernel state (a firewall table) in line with all of this driver's networks and endpoints. */
    default void reconcileAll(List<Network> networks, List<Endpoint> endpoints) {
    }

    /**
     * Removes the shared kernel state this driver keeps beside its networks (a firewall table, rules in other
     * firewalls), for an uninstall: called once its last network was deleted.
     */
    default void removeShared() {
    }

    /** Whether the endpoint's kernel objects are all there, so that nothing needs re-joining. */
    boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox);

    /**
     * Which of {@code attachments} are joined, each as {@link #isJoined} would say, for a start-up's
     * thousands of endpoints at once. {@code hostLinks} are the host namespace's links, listed just before
     * the call: a driver whose objects live there looks them up instead of asking the kernel again. The
     * caller leaves out endpoints whose sandbox namespace it has just made (nothing can be joined there), so
     * a driver may take a host-side object whose peer lives on as proof of the sandbox's end. The default
     * asks {@link #isJoined} about each.
     */
    default Set<EndpointId> joined(List<Attachment> attachments, List<Link> hostLinks) {
        return attachments.stream().filter(a -> isJoined(a.network(), a.endpoint(), a.sandbox()))
                .map(a -> a.endpoint().id()).collect(Collectors.toSet());
    }

    /**
     * The prefix of the kernel objects' aliases that mark them as jnet's ({@code jnet:network:ID},
     * {@code jnet:endpoint:ID}); reconciliation removes marked objects that nothing records.
     */
    String OWNER_MARK = "jnet:";

    /** Whether IPAM subnets and gateways are wanted. */
    enum IpamNeeds {
        /** No addresses at all (host, null). */
        NONE,
        /** Subnets, and a gateway address for each. */
        SUBNETS_WITH_GATEWAY,
        /** Subnets without gateways (so a /31 or /32, /127 or /128 is allowed). */
        SUBNETS
    }
}
