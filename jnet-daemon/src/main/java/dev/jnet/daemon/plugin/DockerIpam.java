package dev.jnet.daemon.plugin;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * jnet's IPAM as dockerd's remote IPAM driver ({@code --ipam-driver jnet}). A pool is a subnet jnet chooses
 * (or checks, if given) as for its own networks, held in jnet's IPAM until dockerd's CreateNetwork makes it
 * the network's; its id is {@code jnet/SUBNET}. The gateway is the subnet's first address, as for jnet's
 * networks. An endpoint's address is held in the network's pool until its Join connects with it. Holds live
 * in memory: jnet's networks and endpoints are durable, so dockerd need not replay its requests.
 */
final class DockerIpam {
    static final String GATEWAY_TYPE = "com.docker.network.gateway";
    private static final String PREFIX = "jnet/";

    private record Hold(String holder, Cidr subnet, int refs) {}

    private final Controller controller;
    private final Map<String, Hold> pools = new ConcurrentHashMap<>();
    /** Addresses handed out and not yet joined: {@code NETWORK-ID ADDRESS}. */
    private final Set<String> addresses = ConcurrentHashMap.newKeySet();
    private final AtomicLong counter = new AtomicLong();

    DockerIpam(Controller controller) {
        this.controller = controller;
    }

    synchronized PluginJson.Pool requestPool(PluginJson.RequestPool request) {
        Optional<Cidr> subnet = nonEmpty(request.Pool()).map(Cidr::parse);
        Optional<Cidr> range = nonEmpty(request.SubPool()).map(Cidr::parse);
        if (range.isPresent() && subnet.isEmpty()) {
            throw JnetException.invalid("a SubPool (--ip-range) needs a Pool (--subnet)");
        }
        if (subnet.isPresent()) {
            String id = PREFIX + subnet.get();
            Hold held = pools.get(id);
            if (held != null) {
                pools.put(id, new Hold(held.holder(), held.subnet(), held.refs() + 1));
                return answer(id, held.subnet());
            }
            if (networkWith(subnet.get()).isPresent()) {
                return answer(id, subnet.get()); // asked again for a network of it (dockerd's own restart)
            }
        }
        String holder = "docker-ipam-" + counter.incrementAndGet();
        PoolRequest asked = subnet.map(s -> new PoolRequest(Optional.of(s), range, Optional.empty(), Map.of())).orElse(PoolRequest.ANY);
        IpamPool pool = controller.reservePool(holder, asked, request.V6());
        String id = PREFIX + pool.subnet();
        pools.put(id, new Hold(holder, pool.subnet(), 1));
        return answer(id, pool.subnet());
    }

    private static PluginJson.Pool answer(String id, Cidr subnet) {
        return new PluginJson.Pool(id, subnet.toString(), Map.of());
    }

    synchronized void releasePool(PluginJson.PoolRef request) {
        String id = required(request.PoolID(), "PoolID");
        Hold held = pools.get(id);
        if (held == null) {
            return;
        }
        if (held.refs() > 1) {
            pools.put(id, new Hold(held.holder(), held.subnet(), held.refs() - 1));
        } else {
            pools.remove(id);
            controller.releaseReservedPool(held.holder(), held.subnet()); // a no-op once the network has it
        }
    }

    /** The network's gateway (its subnet's first address, or the one asked for), or an endpoint's address. */
    PluginJson.Address requestAddress(PluginJson.RequestAddress request) {
        Cidr subnet = subnetOf(request.PoolID());
        Optional<InetAddress> preferred = nonEmpty(request.Address()).map(DockerIpam::address);
        preferred.filter(a -> !subnet.contains(a)).ifPresent(a -> {
            throw JnetException.invalid("address " + IpFormat.format(a) + " is not in pool " + subnet);
        });
        Map<String, String> options = request.Options() == null ? Map.of() : request.Options();
        if (GATEWAY_TYPE.equals(options.get("RequestAddressType"))) {
            InetAddress gateway = preferred.orElseGet(() -> firstAddress(subnet));
            return new PluginJson.Address(new Cidr(gateway, subnet.prefixLength()).toString(), Map.of());
        }
        Network network = networkWith(subnet).orElseThrow(() -> JnetException.notFound("pool " + subnet
                + " belongs to no network yet: addresses of a pool are handed out once its network is created"));
        Cidr given = controller.reserveAddress(network.id().value(), preferred, !subnet.isIpv4());
        addresses.add(network.id().value() + " " + IpFormat.format(given.address()));
        return new PluginJson.Address(given.toString(), Map.of());
    }

    void releaseAddress(PluginJson.ReleaseAddress request) {
        Cidr subnet = subnetOf(request.PoolID());
        InetAddress address = address(required(request.Address(), "Address"));
        networkWith(subnet).ifPresent(n -> release(n, address)); // an endpoint's own address goes with its disconnect
    }

    /** Before a network of {@code subnet} is created: the pool's hold ends, the network takes the subnet. */
    synchronized void handOver(Cidr subnet) {
        Hold held = pools.get(PREFIX + subnet);
        if (held != null) {
            controller.releaseReservedPool(held.holder(), held.subnet());
        }
    }

    /** dockerd's ReleaseAddress: a hold that no endpoint took ends. */
    private void release(Network network, InetAddress address) {
        if (addresses.remove(network.id().value() + " " + IpFormat.format(address))) {
            controller.releaseReservedAddress(network.id().value(), address);
        }
    }

    /**
     * Before an endpoint connects with {@code address}: the hold ends, the connect takes the address (on a
     * global network its claim takes the hold over, never leaving the address free).
     */
    void handOver(Network network, InetAddress address) {
        if (addresses.remove(network.id().value() + " " + IpFormat.format(address))) {
            controller.handOverReservedAddress(network.id().value(), address);
        }
    }

    /** The endpoint's connect failed after {@link #handOver}: the hold ends (dockerd's ReleaseAddress finds none). */
    void handOverFailed(Network network, InetAddress address) {
        controller.handOverFailed(network.id().value(), address);
    }

    private Optional<Network> networkWith(Cidr subnet) {
        return controller.networks().stream().filter(n -> n.pools().stream().anyMatch(p -> p.subnet().equals(subnet)))
                .findFirst();
    }

    private static Cidr subnetOf(String poolId) {
        String id = required(poolId, "PoolID");
        if (!id.startsWith(PREFIX)) {
            throw JnetException.invalid("pool " + id + " is not one of jnet's (jnet/SUBNET)");
        }
        return Cidr.parse(id.substring(PREFIX.length()));
    }

    private static InetAddress firstAddress(Cidr subnet) {
        byte[] bytes = subnet.network().address().getAddress();
        bytes[bytes.length - 1] |= 1;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress address(String text) {
        return text.contains("/") ? Cidr.parse(text).address() : Cidr.parseAddress(text);
    }

    private static Optional<String> nonEmpty(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    private static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw JnetException.invalid("field " + field + " is required");
        }
        return value;
    }
}
