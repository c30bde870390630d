package dev.jnet.core.controller;

import dev.jnet.core.ipam.HostSubnets;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Subnets and addresses held in jnet's IPAM for a client that asks for them before the network or the
 * endpoint exists (Docker's remote IPAM protocol: a pool before CreateNetwork, an address before the
 * endpoint's Join). They live in IPAM's memory only: the network, or the connect that takes the address
 * as its preferred one, makes them durable once the client has released its hold.
 */
final class IpamReservations {
    private final Context ctx;

    IpamReservations(Context ctx) {
        this.ctx = ctx;
    }

    /** A subnet as {@link dev.jnet.core.ipam.Ipam#allocatePool} chooses it, held under {@code holder}. */
    IpamPool reservePool(String holder, PoolRequest request, boolean ipv6) {
        List<Cidr> own = ctx.state().networks().values().stream().flatMap(n -> n.pools().stream())
                .map(IpamPool::subnet).toList();
        HostSubnets host = HostSubnetsReader.read(ctx.kernel.host(), own, ctx.files.hostNameservers(),
                ctx.config.hostResolvConf());
        return ctx.ipam.allocatePool(holderId(holder), request, ipv6, false, host);
    }

    void releasePool(String holder, Cidr subnet) {
        ctx.ipam.releasePool(holderId(holder), subnet);
    }

    /** An address of {@code network}'s subnet of that family (or of the one holding {@code preferred}). */
    Cidr reserveAddress(String networkRef, Optional<InetAddress> preferred, boolean ipv6) {
        Network network = ctx.state().network(networkRef);
        IpamPool pool = poolFor(network, preferred, ipv6);
        return ctx.ipamFor(network).allocateAddress(network.id(), pool, preferred); // a global network's: the cluster's
    }

    void releaseAddress(String networkRef, InetAddress address) {
        Network network = ctx.state().network(networkRef);
        network.pools().stream().filter(p -> p.subnet().contains(address)).findFirst()
                .ifPresent(pool -> ctx.ipamFor(network).releaseAddress(network.id(), pool, address));
    }

    /** The reservation of {@code address} ends for the connect that asks for it next ({@link dev.jnet.core.ipam.Ipam#handOverAddress}). */
    void handOverAddress(String networkRef, InetAddress address) {
        Network network = ctx.state().network(networkRef);
        network.pools().stream().filter(p -> p.subnet().contains(address)).findFirst()
                .ifPresent(pool -> ctx.ipamFor(network).handOverAddress(network.id(), pool, address));
    }

    /** The connect that {@link #handOverAddress} readied {@code address} for failed: the reservation ends. */
    void handOverFailed(String networkRef, InetAddress address) {
        Network network = ctx.state().network(networkRef);
        network.pools().stream().filter(p -> p.subnet().contains(address)).findFirst()
                .ifPresent(pool -> ctx.ipamFor(network).handOverFailed(network.id(), pool, address));
    }

    private static IpamPool poolFor(Network network, Optional<InetAddress> preferred, boolean ipv6) {
        if (preferred.isPresent()) {
            return network.pools().stream().filter(p -> p.subnet().contains(preferred.get())).findFirst().orElseThrow(() ->
                    JnetException.invalid("requested address " + IpFormat.format(preferred.get())
                            + " is not in any subnet of network " + network.name()));
        }
        return network.pools().stream().filter(p -> p.subnet().isIpv4() != ipv6).findFirst().orElseThrow(() ->
                JnetException.invalid("network " + network.name() + " has no " + (ipv6 ? "IPv6" : "IPv4") + " subnet"));
    }

    /** IPAM keys subnets by network id: a holder's is a hash of its name, which no random id meets. */
    private static NetworkId holderId(String holder) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("ipam-holder:" + holder).getBytes(StandardCharsets.UTF_8));
            return new NetworkId(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
