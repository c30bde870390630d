package dev.jnet.core.driver;

import dev.jnet.core.model.Scope;

/**
 * What a driver's networks are and offer; the controller decides by these, never by a driver's name.
 *
 * @param dataScope where the driver's networks are kept: this host's store, or the cluster's
 * @param connectivityScope how far its networks reach: this host, or every host of the cluster
 * @param embeddedDns whether sandboxes on its user-defined networks resolve names at 127.0.0.11
 * @param gateway whether its networks offer sandboxes a default gateway; a sandbox on a network of a driver
 *     without one that takes IPAM addresses (overlay) gets its way out through the host's gateway bridge
 *     ({@link #wantsGatewayBridge})
 * @param publishesPorts whether it can publish sandbox ports on the host ({@code -p})
 * @param ipam whether its networks take IPAM subnets and addresses
 * @param namespace whether its sandboxes have their own namespace or share the host's
 * @param exclusive whether a sandbox on one of its networks may be on no other network (Docker's none)
 * @param userNetworks whether users may create networks with it (host and null have only their predefined one)
 * @param joinsWithoutAddresses whether its join and leave need neither the endpoint's addresses nor its MAC (they
 *     make the interface in the sandbox and nothing that names them): the controller then joins while the
 *     addresses are claimed from a cluster store, and sets the interface's MAC afterwards
 */
public record Capabilities(Scope dataScope, Scope connectivityScope, boolean embeddedDns, boolean gateway,
                           boolean publishesPorts, boolean ipam, Namespace namespace, boolean exclusive,
                           boolean userNetworks, boolean joinsWithoutAddresses) {
    /** Where a sandbox's interfaces live. */
    public enum Namespace { OWN, HOST }

    /**
     * A local driver whose user networks take IPAM subnets, offer a gateway and resolve names, and
     * publish no ports.
     */
    public static Capabilities local() {
        return new Capabilities(Scope.LOCAL, Scope.LOCAL, true, true, false, true, Namespace.OWN, false, true, false);
    }

    /** A driver that makes nothing: no addresses, no gateway, no names, no user networks. */
    public static Capabilities passive(Namespace namespace, boolean exclusive) {
        return new Capabilities(Scope.LOCAL, Scope.LOCAL, false, false, false, false, namespace, exclusive, false, false);
    }

    public Capabilities withPublishesPorts(boolean value) {
        return new Capabilities(dataScope, connectivityScope, embeddedDns, gateway, value, ipam, namespace, exclusive,
                userNetworks, joinsWithoutAddresses);
    }

    /**
     * Whether a sandbox on one of its (not internal) networks needs the host's gateway bridge for a way out
     * and for published ports, as Docker's overlay networks get {@code docker_gwbridge}: its networks take
     * addresses but offer no gateway, and its sandboxes have their own namespace.
     */
    public boolean wantsGatewayBridge() {
        return !gateway && ipam && namespace == Namespace.OWN;
    }

    /** Whether its sandboxes share the host's namespace. */
    public boolean sharesHostNamespace() {
        return namespace == Namespace.HOST;
    }
}
