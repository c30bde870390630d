package dev.jnet.daemon.remote;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What jnetd asks again of an IPAM plugin that keeps no state of its own ({@code RequiresRequestReplay}),
 * when it first reaches it after a start: each stored network's pools with their gateways and auxiliary
 * addresses, then its endpoints' addresses, as they were given. A plugin that names a pool differently now
 * has the new name used from then on; a request it refuses is logged and the rest goes on, as does a pool it
 * answers with another subnet (given back). One it cannot answer (it went away) ends the replay, which runs
 * again when the plugin is next used. Allocations released before the plugin was reached are not replayed.
 */
final class IpamReplay {
    private static final System.Logger LOG = System.getLogger(IpamReplay.class.getName());

    private final RemoteIpam ipam;
    private final String addressSpace;
    private final boolean withMac;
    private final Predicate<String> released;

    /** {@code released}: the keys ({@link RemoteIpam#poolKey}, {@link RemoteIpam#addressKey}) given back meanwhile. */
    IpamReplay(RemoteIpam ipam, String addressSpace, boolean withMac, Predicate<String> released) {
        this.ipam = ipam;
        this.addressSpace = addressSpace;
        this.withMac = withMac;
        this.released = released;
    }

    void run(List<Network> networks, List<Endpoint> endpoints) {
        for (Network network : networks) {
            for (IpamPool pool : network.pools()) {
                if (!released.test(RemoteIpam.poolKey(network.id(), pool.subnet()))) {
                    replay(network, pool, endpoints.stream().filter(e -> e.network().equals(network.id())).toList());
                }
            }
        }
    }

    private void replay(Network network, IpamPool pool, List<Endpoint> endpoints) {
        RemoteIpam.PoolAnswer answer;
        try {
            answer = ipam.requestPool(addressSpace, Optional.of(pool.subnet()), pool.ipRange(), network.ipam().options(),
                    !pool.isIpv4());
        } catch (JnetException e) {
            refused(e, "pool " + pool.subnet() + " of network " + network.name());
            return;
        }
        if (!answer.subnet().equals(pool.subnet())) {
            ipam.releasePoolQuietly(answer.id());
            LOG.log(System.Logger.Level.WARNING, "IPAM plugin " + ipam.name() + " answered the replay of pool "
                    + pool.subnet() + " of network " + network.name() + " with " + answer.subnet() + "; given back");
            return;
        }
        String id = answer.id();
        pool.poolId().filter(stored -> !stored.equals(id)).ifPresent(stored -> ipam.renamed(network.id(), pool.subnet(), id));
        // A gateway the plugin gave with the pool is not asked for (as when the network was made).
        pool.gateway().filter(g -> pool.userGateway() || answer.gateway().filter(g::equals).isEmpty())
                .ifPresent(g -> again(network, id, pool.subnet(), g, RemoteIpam.GATEWAY_REQUEST));
        pool.auxAddresses().values().forEach(a -> again(network, id, pool.subnet(), a, Map.of()));
        for (Endpoint endpoint : endpoints) {
            for (Cidr address : List.of(endpoint.ipv4(), endpoint.ipv6()).stream().flatMap(Optional::stream).toList()) {
                if (pool.subnet().contains(address.address())
                        && !released.test(RemoteIpam.addressKey(network.id(), address.address()))) {
                    Map<String, String> options = new LinkedHashMap<>();
                    if (withMac) {
                        options.put(RemoteIpam.MAC_OPTION, endpoint.mac().toString());
                    }
                    again(network, id, pool.subnet(), address.address(), options);
                }
            }
        }
    }

    private void again(Network network, String poolId, Cidr subnet, InetAddress address, Map<String, String> options) {
        try {
            ipam.requestAddress(poolId, subnet, Optional.of(address), options);
        } catch (JnetException e) {
            refused(e, "address " + dev.jnet.net.IpFormat.format(address) + " of network " + network.name());
        }
    }

    /**
     * A refusal is logged and the replay goes on; a plugin that cannot be reached (UNAVAILABLE) ends it, to be
     * replayed again when next used.
     */
    private void refused(JnetException e, String what) {
        if (e.kind() == ErrorKind.UNAVAILABLE) {
            throw e;
        }
        LOG.log(System.Logger.Level.WARNING, "IPAM plugin " + ipam.name() + " refused the replay of " + what + ": "
                + e.getMessage());
    }
}
