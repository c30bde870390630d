package dev.jnet.core.controller;

import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.SandboxId;
import dev.jnet.kernel.netns.NetNs;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The embedded resolver at the gateway of networks whose driver keeps the gateway in a namespace of its own
 * ({@link dev.jnet.core.driver.Driver#gatewayNamespace}, an overlay network's): port 53 at the gateway's IPv4
 * address there answers the network's names, those of other hosts' endpoints included, and forwards the rest
 * to the host's servers. It is for containers whose runtime keeps its own resolver: dockerd's answers for its
 * own host and forwards other names to a container's {@code --dns} servers, which may be this address. The
 * listener answers under the network's id taken as a sandbox id ({@link #idOf}).
 */
final class GatewayResolvers {
    private static final System.Logger LOG = System.getLogger(GatewayResolvers.class.getName());
    private final Context ctx;

    GatewayResolvers(Context ctx) {
        this.ctx = ctx;
    }

    /** The id the network's gateway resolver answers under: no sandbox has it. */
    static SandboxId idOf(Network network) {
        return new SandboxId(network.id().value());
    }

    /** The gateway's IPv4 address, if the network has one. */
    static Optional<InetAddress> gateway(Network network) {
        return network.ipv4().stream().map(IpamPool::gateway).flatMap(Optional::stream)
                .filter(a -> a instanceof Inet4Address).findFirst();
    }

    /**
     * Gives the network its gateway resolver if it should have one and has not; {@code remade} says the
     * driver made the network's namespace again, so that sockets of the old one go first. Whether the
     * resolver was (re)attached. A failure is logged: the network works without it.
     */
    boolean ensure(Network network, boolean remade) {
        Optional<InetAddress> gateway = gateway(network);
        if (gateway.isEmpty() || !ctx.resolvesNames(network)) {
            return false;
        }
        if (remade) {
            ctx.dns.detach(idOf(network));
        } else if (ctx.dns.isAttached(idOf(network))) {
            return false;
        }
        try {
            Optional<NetNs> ns = ctx.driverOf(network).gatewayNamespace(network);
            if (ns.isEmpty()) {
                return false;
            }
            ctx.dns.attachAt(idOf(network), ns.get(), gateway.get());
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network " + network.name() + ": no resolver at its gateway "
                    + gateway.get().getHostAddress() + ": " + e.getMessage());
            return false;
        }
    }

    /** Closes the network's gateway resolver, if it has one. */
    void remove(Network network) {
        ctx.dns.detach(idOf(network));
    }

    /** Whether the network's gateway answers names now (the name table gives its id the network). */
    boolean answers(Network network) {
        return ctx.dns.isAttached(idOf(network));
    }
}
