package dev.jnet.cluster;

import dev.jnet.core.ipam.AddressOwner;
import dev.jnet.core.ipam.HostSubnets;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The controller's IPAM for global networks, on {@link GlobalIpam}: subnets and addresses are the cluster's,
 * so every host of a global network hands out addresses from one pool. The state lives in the store, so there
 * is nothing to restore at start. An endpoint's address holds its {@link EndpointRecord}, a reservation
 * ({@link #allocateAddress(NetworkId, IpamPool, Optional)} without an owner) {@code HOST/UNIQUE}.
 */
public final class ClusterIpam implements Ipam {
    private final GlobalIpam global;
    private final String hostId;

    public ClusterIpam(GlobalIpam global, String hostId) {
        this.global = global;
        this.hostId = hostId;
    }

    @Override
    public IpamPool allocatePool(NetworkId network, PoolRequest request, boolean ipv6, boolean withGateway, HostSubnets host) {
        if (ipv6) {
            throw JnetException.invalid("global networks are IPv4 only so far: leave out --ipv6");
        }
        if (request.ipRange().isPresent() || !request.auxAddresses().isEmpty()) {
            throw JnetException.invalid("global networks take a subnet and a gateway, not yet --ip-range or --aux-address");
        }
        Cidr subnet = global.allocateSubnet(network.value(), request.subnet(), host::avoids);
        Optional<InetAddress> gateway = withGateway || request.gateway().isPresent() ? Optional.of(firstHost(subnet))
                : Optional.empty();
        if (request.gateway().isPresent() && !request.gateway().equals(gateway)) {
            // Every host's bridge of the network carries the gateway, and the cluster hands out the rest.
            global.releaseSubnet(network.value(), subnet);
            throw JnetException.invalid("the gateway of a global network is its subnet's first address ("
                    + gateway.orElseThrow().getHostAddress() + "), not " + request.gateway().get().getHostAddress());
        }
        return new IpamPool(subnet, Optional.empty(), gateway, Map.of(), request.subnet().isPresent(), request.gateway().isPresent());
    }

    private static InetAddress firstHost(Cidr subnet) {
        byte[] b = subnet.network().address().getAddress();
        b[b.length - 1]++;
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void releasePool(NetworkId network, Cidr subnet) {
        global.releaseSubnet(network.value(), subnet);
    }

    @Override
    public Cidr allocateAddress(NetworkId network, IpamPool pool, Optional<InetAddress> preferred) {
        InetAddress address = global.allocateAddress(network.value(), pool.subnet(), preferred,
                hostId + "/" + UUID.randomUUID());
        return new Cidr(address, pool.subnet().prefixLength());
    }

    /** The address's claim is the endpoint's record: one write both allocates the address and tells the other hosts. */
    @Override
    public Cidr allocateAddress(NetworkId network, IpamPool pool, Optional<InetAddress> preferred, AddressOwner owner) {
        InetAddress address = global.allocateAddress(network.value(), pool.subnet(), preferred,
                a -> record(network, owner, a).toJson());
        return new Cidr(address, pool.subnet().prefixLength());
    }

    /** Kept held, marked for the endpoint's claim to take over; one this process did not make (before a restart) is freed. */
    @Override
    public void handOverAddress(NetworkId network, IpamPool pool, InetAddress address) {
        if (!global.handOver(network.value(), address)) {
            global.releaseAddressOfHost(network.value(), address, hostId);
        }
    }

    @Override
    public void handOverFailed(NetworkId network, IpamPool pool, InetAddress address) {
        global.handOverFailed(network.value(), address);
    }

    /** The record the endpoint {@code owner} will have with {@code address}. */
    EndpointRecord record(NetworkId network, AddressOwner owner, InetAddress address) {
        return new EndpointRecord(network.value(), owner.endpoint().value(), hostId, address.getHostAddress(),
                owner.macWith(address).map(Object::toString).orElse(""), owner.names());
    }

    /** The global IPAM this one hands out from. */
    GlobalIpam global() {
        return global;
    }

    @Override
    public void releaseAddress(NetworkId network, IpamPool pool, InetAddress address) {
        global.releaseAddressOfHost(network.value(), address, hostId);
    }

    @Override
    public void restore(List<Network> networks, List<Endpoint> endpoints) {
        // The store holds the cluster's allocations.
    }
}
