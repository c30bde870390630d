package dev.jnet.core.ipam;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Docker's default IPAM driver, in memory.
 *
 * <p><b>Subnets.</b> A requested subnet is taken as it is, unless it overlaps a subnet in use (by any
 * network, this one included; CONFLICT) or contains one of the host's addresses (INVALID). Otherwise the
 * first subnet of the predefined pools that overlaps none in use, and nothing the host uses (its on-link
 * routes, addresses and nameservers: {@link HostSubnets}), is chosen. A network with a gateway needs at
 * least a /30 (IPv6: /126). The pools are Docker's: without configuration, 172.17.0.0/16 to 172.31.0.0/16 (15 networks),
 * then 192.168.0.0/16 split into /20 (16 networks); a configured list replaces them, as
 * {@code default-address-pools} does. Pools are walked by base address, and a pool inside an earlier one is
 * ignored, as in dockerd. When no configured pool is IPv6, a unique local /48 split into /64 is added,
 * derived from the host id exactly as dockerd does: {@code fd} followed by the 40 low bits of the first
 * eight bytes of sha256(hostId), so a host keeps the prefix Docker would give it.
 *
 * <p><b>Addresses.</b> IPv4 network and broadcast addresses are never handed out, except in a /31 or /32
 * (RFC 3021, for networks without a gateway); nor is the IPv6 subnet-router anycast address (the first
 * one), except in a /127 or /128 (RFC 6164). The gateway (the requested one,
 * else the first free address of the subnet, normally .1 or ::1) and the auxiliary addresses are reserved
 * with the pool; an automatic gateway steps over auxiliary addresses. Endpoints get the requested address
 * (anywhere in the subnet), else the lowest free address of the ip-range, or of the subnet when there is no
 * range, so an address released is the next one handed out.
 *
 * <p><b>Releasing</b> a pool or an address that is not allocated, or that belongs to another network, does
 * nothing, so a failed operation can always be undone and undone again. The gateway and auxiliary
 * addresses go only with their pool.
 *
 * <p>All operations cost O(log n) in the number of allocations (auto-allocating a subnet O(n log n) in the
 * number of subnets), whatever the size of the subnet: a /64 is as cheap as a /24. Thread-safe: each
 * operation holds the instance's lock.
 */
public final class DefaultIpam implements Ipam {
    private final List<PredefinedPool> predefined;
    private final List<PredefinedPool> ipv4WalkOrder;
    private final List<PredefinedPool> ipv6WalkOrder;
    private Subnets subnets = new Subnets();

    /** IPAM with Docker's default pools and this host's unique local IPv6 pool. */
    public DefaultIpam(String hostId) {
        this(List.of(), hostId);
    }

    /**
     * IPAM with the given pools (empty: Docker's IPv4 defaults). When none of them is IPv6, a unique local
     * /48 derived from {@code hostId} is added.
     */
    public DefaultIpam(List<PredefinedPool> pools, String hostId) {
        predefined = DefaultPools.effective(List.copyOf(pools), Objects.requireNonNull(hostId, "hostId"));
        ipv4WalkOrder = DefaultPools.walkOrder(predefined, true);
        ipv6WalkOrder = DefaultPools.walkOrder(predefined, false);
    }

    /**
     * The pools subnets are cut from when a network asks for none: the configured ones (or Docker's IPv4
     * defaults), plus the host's unique local IPv6 pool when none of them is IPv6.
     */
    public List<PredefinedPool> predefinedPools() {
        return predefined;
    }

    @Override
    public synchronized IpamPool allocatePool(NetworkId network, PoolRequest request, boolean ipv6,
                                              boolean withGateway, HostSubnets host) {
        Cidr subnet = request.subnet().isPresent() ? requested(request, ipv6, withGateway, host)
                : nextFree(network, ipv6, withGateway, host);
        PoolState state = new PoolState(network, subnet, request.ipRange());
        if (request.gateway().isPresent()) {
            state.reserveGateway(request.gateway().get());
            reserveAux(state, request.auxAddresses());
        } else {
            reserveAux(state, request.auxAddresses());
            if (withGateway) {
                state.reserveFirstFreeAsGateway();
            }
        }
        subnets.add(state);
        return state.pool().given(request.subnet().isPresent(), request.gateway().isPresent());
    }

    /** The request's own checks ({@link PoolRequest}) are done: what is left needs the subnets in use. */
    private Cidr requested(PoolRequest request, boolean ipv6, boolean withGateway, HostSubnets host) {
        Cidr subnet = request.subnet().orElseThrow();
        if (subnet.isIpv4() == ipv6) {
            throw JnetException.invalid("subnet " + subnet + " is not an " + (ipv6 ? "IPv6" : "IPv4") + " subnet");
        }
        if (withGateway) {
            roomForGateway(subnet, true);
        }
        subnets.overlapping(subnet).ifPresent(used -> {
            throw JnetException.conflict("subnet " + subnet + " overlaps subnet " + used.subnet()
                    + ", in use by network " + used.owner().shortId());
        });
        host.addressInside(subnet).ifPresent(address -> {
            throw JnetException.invalid("subnet " + subnet + " contains the host's own " + address.what()
                    + "; a network there would take that address away from the host: choose a subnet the host does"
                    + " not use");
        });
        return subnet;
    }

    private Cidr nextFree(NetworkId network, boolean ipv6, boolean withGateway, HostSubnets host) {
        List<Cidr> hostPrefixes = host.avoidedByChoice(!ipv6);
        Cidr subnet = subnets.firstFree(ipv6 ? ipv6WalkOrder : ipv4WalkOrder, hostPrefixes).orElseThrow(() ->
                JnetException.conflict("no " + (ipv6 ? "IPv6" : "IPv4") + " subnet left for network " + network.shortId()
                        + ": all predefined address pools have been fully subnetted"
                        + (hostPrefixes.isEmpty() ? "" : " or overlap routes and addresses of the host")));
        if (withGateway) {
            roomForGateway(subnet, false);
        }
        return subnet;
    }

    /**
     * A gateway takes one address of the subnet: a point-to-point subnet (RFC 3021, RFC 6164) of one or two
     * addresses would keep at most one for endpoints.
     */
    private static void roomForGateway(Cidr subnet, boolean requested) {
        int bits = IpNumbers.bits(subnet);
        int hostBits = bits - subnet.prefixLength();
        if (hostBits <= 1) {
            throw JnetException.invalid((requested ? "subnet " : "default address pool subnet ") + subnet + " holds only "
                    + (1 << hostBits) + (hostBits == 0 ? " address" : " addresses")
                    + ": too small for a network with a gateway, which takes one of them; use a /" + (bits - 2)
                    + " or larger, or a network without a gateway");
        }
    }

    private static void reserveAux(PoolState state, Map<String, InetAddress> auxAddresses) {
        new TreeMap<>(auxAddresses).forEach(state::reserveAux);
    }

    @Override
    public synchronized void releasePool(NetworkId network, Cidr subnet) {
        owned(network, subnet).ifPresent(subnets::remove);
    }

    @Override
    public synchronized Cidr allocateAddress(NetworkId network, IpamPool pool, Optional<InetAddress> preferred) {
        PoolState state = owned(network, pool.subnet()).orElseThrow(() -> JnetException.notFound(
                "network " + network.shortId() + " has no subnet " + pool.subnet() + " in IPAM"));
        return new Cidr(state.allocate(preferred), pool.subnet().prefixLength());
    }

    @Override
    public synchronized void releaseAddress(NetworkId network, IpamPool pool, InetAddress address) {
        owned(network, pool.subnet()).ifPresent(state -> state.release(address));
    }

    private Optional<PoolState> owned(NetworkId network, Cidr subnet) {
        return subnets.find(subnet).filter(state -> state.owner().equals(network));
    }

    /**
     * Replaces every allocation with those of the stored networks and endpoints. A store that contradicts
     * itself (overlapping subnets, an address held twice, an endpoint outside its network's subnets) is an
     * INTERNAL error, and the allocations stay as they were.
     */
    @Override
    public synchronized void restore(List<Network> networks, List<Endpoint> endpoints) {
        Subnets restored = new Subnets();
        for (Network network : networks) {
            for (IpamPool pool : network.pools()) {
                restored.add(restorePool(restored, network, pool));
            }
        }
        for (Endpoint endpoint : endpoints) {
            for (Optional<Cidr> address : List.of(endpoint.ipv4(), endpoint.ipv6())) {
                address.ifPresent(cidr -> restoreAddress(restored, endpoint, cidr.address()));
            }
        }
        subnets = restored;
    }

    private static PoolState restorePool(Subnets restored, Network network, IpamPool pool) {
        restored.overlapping(pool.subnet()).ifPresent(used -> {
            throw corrupt("subnet " + pool.subnet() + " of network " + network.id().shortId() + " overlaps subnet "
                    + used.subnet() + " of network " + used.owner().shortId());
        });
        PoolState state = new PoolState(network.id(), pool.subnet(), pool.ipRange());
        try {
            pool.gateway().ifPresent(state::reserveGateway);
            reserveAux(state, pool.auxAddresses());
        } catch (JnetException e) {
            throw corrupt("network " + network.id().shortId() + ": " + e.getMessage());
        }
        return state;
    }

    private static void restoreAddress(Subnets restored, Endpoint endpoint, InetAddress address) {
        String what = "endpoint " + endpoint.id().shortId() + " has address " + IpFormat.format(address);
        PoolState state = restored.overlapping(Cidr.host(address))
                .filter(pool -> pool.owner().equals(endpoint.network()))
                .orElseThrow(() -> corrupt(what + ", outside the subnets of its network "
                        + endpoint.network().shortId()));
        if (!state.restoreEndpointAddress(address)) {
            throw corrupt(what + ", which is " + state.holderOf(address) + " of subnet " + state.subnet()
                    + " of network " + endpoint.network().shortId());
        }
    }

    private static JnetException corrupt(String message) {
        return new JnetException(ErrorKind.INTERNAL, "cannot restore IPAM state: stored " + message);
    }
}
