package dev.jnet.core.driver;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Link;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;


/**
 * A network driver: makes networks and endpoints real in the kernel. The controller validates, asks
 * IPAM, stores, and calls the driver; each method either completes or undoes what it did and throws.
 * The controller knows a driver by its {@link #capabilities}, never by its name.
 */
public interface Driver {
    /** The name users pass to {@code --driver}. */
    String name();

    /** What the driver's networks are and offer. */
    Capabilities capabilities();

    /**
     * Reads and checks a create request's driver options, once, before anything is allocated: INVALID
     * naming every unknown or bad option. The controller hands the plan to {@link #createNetwork} and stores
     * its {@link NetworkPlan#data} with the network.
     */
    NetworkPlan plan(NetworkId id, NetworkSpec spec);

    /**
     * The network {@code plan} was made for will not be created (its name was taken, IPAM refused): gives back
     * what the plan took (an overlay's VXLAN id, say). Most plans take nothing.
     */
    default void discardPlan(NetworkId id, NetworkPlan plan) {
    }

    /** Creates the network's kernel objects (a bridge, for example) as {@code plan} says. */
    void createNetwork(Network network, NetworkPlan plan);

    /** Removes the network's kernel objects; missing ones are not an error. */
    void deleteNetwork(Network network);

    /**
     * Joins an endpoint to a sandbox: makes its interfaces, programs what the endpoint needs (published
     * ports, firewall entries) and says everything it decided. A failure undoes what the join did.
     */
    JoinResult join(JoinRequest request);

    /** Undoes {@link #join} ({@code endpoint} carries what the join returned); missing objects are not an error. */
    void leave(Network network, Endpoint endpoint, NetNs sandbox);

    /** Re-creates the network's kernel objects if they are missing; returns whether it had to. */
    boolean ensureNetwork(Network network);

    /**
     * Brings shared kernel state (a firewall table) in line with all of this driver's networks and endpoints.
     * The controller calls it at start, before any other change, and on every reconciliation.
     */
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
     * What {@link #join} would have recorded for an endpoint stored by a jnet that kept no join records
     * (store format 1); the controller asks once at start and stores the answer.
     */
    default JoinRecord restoredJoin(Network network, Endpoint endpoint) {
        return JoinRecord.NONE;
    }

    /**
     * The live hosts of the cluster changed (on a jnetd with a cluster store): their advertise addresses, this
     * host's ({@code self}) among them. It is libnetwork's node discovery, which a driver whose networks reach
     * across hosts may want; the default ignores it. Called on the cluster's thread: a driver that calls out
     * does so on its own.
     */
    default void clusterHosts(Set<String> addresses, String self) {
    }

    /**
     * Why the network cannot be used now, if the driver knows without asking anyone (a plugin whose socket or
     * spec file is gone): shown with the network, which stays. Most drivers' networks are always usable.
     */
    default Optional<String> unavailable(Network network) {
        return Optional.empty();
    }

    /** Whether the network's published ports hold host ports in {@link HostPorts} (a routed network's do not). */
    default boolean holdsHostPorts(Network network) {
        return false;
    }

    /** The network every host has with this driver from the start (Docker's bridge, host and none), if any. */
    default Optional<NetworkSpec> predefinedNetwork() {
        return Optional.empty();
    }

    /**
     * The namespace holding the network's gateway address when that is not the host's (an overlay network's own
     * namespace, where its bridge has the address): the embedded resolver answers there too, at the gateway
     * address, port 53, for the network's names, so that containers whose runtime has a resolver of its own
     * (dockerd's forwards to a container's {@code --dns} servers) reach the names of other hosts. Empty for most
     * drivers, and while the namespace is missing.
     */
    default Optional<NetNs> gatewayNamespace(Network network) {
        return Optional.empty();
    }

    /**
     * The local network this driver makes for sandboxes whose networks offer no way out
     * ({@link Capabilities#wantsGatewayBridge}): Docker's {@code docker_gwbridge}, named
     * {@link NetworkSpec#GATEWAY_BRIDGE}. The controller creates it at the first such connect, unless the
     * user made a network of that name before.
     */
    default Optional<NetworkSpec> gatewayNetwork() {
        return Optional.empty();
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
