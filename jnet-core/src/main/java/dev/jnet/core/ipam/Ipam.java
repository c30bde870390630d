package dev.jnet.core.ipam;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * IP address management: hands out subnets to networks and addresses to endpoints, and takes them back.
 * Its state is derived from networks and endpoints (see {@link #restore}); the store keeps those, so
 * IPAM keeps no copy of its own. Implementations are thread-safe.
 */
public interface Ipam {
    /**
     * Reserves a subnet for a network: the requested one (CONFLICT if it overlaps a subnet in use, INVALID
     * if it contains one of the {@code host}'s addresses), or the first free one from the default pools that
     * overlaps nothing the {@code host} uses (CONFLICT once there is none). With {@code withGateway}, a
     * subnet too small for a gateway and an endpoint (IPv4 /31 and /32, IPv6 /127 and /128) is INVALID.
     * Reserves the gateway (the requested one, else the first free address when {@code withGateway}) and
     * the auxiliary addresses.
     */
    IpamPool allocatePool(NetworkId network, PoolRequest request, boolean ipv6, boolean withGateway, HostSubnets host);

    /** {@link #allocatePool(NetworkId, PoolRequest, boolean, boolean, HostSubnets)} on a host that uses nothing. */
    default IpamPool allocatePool(NetworkId network, PoolRequest request, boolean ipv6, boolean withGateway) {
        return allocatePool(network, request, ipv6, withGateway, HostSubnets.NONE);
    }

    /** Frees a network's subnet, its gateway, auxiliary and endpoint addresses. */
    void releasePool(NetworkId network, Cidr subnet);

    /** {@link #releasePool(NetworkId, Cidr)} for a pool this IPAM gave: an IPAM plugin's knows it by its id. */
    default void releasePool(NetworkId network, IpamPool pool) {
        releasePool(network, pool.subnet());
    }

    /**
     * Whether an address must be asked for with the MAC the endpoint will have (an IPAM plugin's
     * {@code RequiresMACAddress}): then an endpoint without a MAC asked for gets a random one before its address.
     */
    default boolean requiresMac() {
        return false;
    }

    /**
     * Reserves an address for an endpoint: {@code preferred} if given (anywhere in the subnet; CONFLICT if
     * taken, INVALID if outside), else the lowest free address of the pool's range (CONFLICT when none
     * is left). Returns it with the subnet's prefix length.
     */
    Cidr allocateAddress(NetworkId network, IpamPool pool, Optional<InetAddress> preferred);

    /**
     * {@link #allocateAddress(NetworkId, IpamPool, Optional)} for the endpoint {@code owner}: an IPAM that keeps
     * a record with each address writes the owner's with it, in the same step (the cluster's does).
     */
    default Cidr allocateAddress(NetworkId network, IpamPool pool, Optional<InetAddress> preferred, AddressOwner owner) {
        return allocateAddress(network, pool, preferred);
    }

    /** Frees an endpoint address so that it can be handed out again. */
    void releaseAddress(NetworkId network, IpamPool pool, InetAddress address);

    /**
     * A reserved address (held for a client before its endpoint exists) is about to be asked for by that
     * endpoint's connect: free it for the connect. A cluster's IPAM keeps it held instead, and lets that
     * connect's claim take it over in one step, so that no other host can take it in between.
     */
    default void handOverAddress(NetworkId network, IpamPool pool, InetAddress address) {
        releaseAddress(network, pool, address);
    }

    /**
     * The connect that {@link #handOverAddress} readied a reserved address for failed before it took it: the
     * reservation ends. Nothing by default (the hand-over freed it); a cluster's IPAM frees the reservation
     * it kept, unless that connect's claim took it over.
     */
    default void handOverFailed(NetworkId network, IpamPool pool, InetAddress address) {
    }

    /** Rebuilds the allocations from stored networks (subnets, gateways, aux) and endpoints (addresses). */
    void restore(List<Network> networks, List<Endpoint> endpoints);
}
