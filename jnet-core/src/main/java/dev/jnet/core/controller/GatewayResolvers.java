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
    /** The namespace (its inode) each gateway resolver's sockets were made in. */
    private final java.util.Map<SandboxId, Object> boundIn = new java.util.concurrent.ConcurrentHashMap<>();

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
     * Gives the network its gateway resolver if it should have one and has none in the namespace its path
     * names now (sockets of a namespace made again since go first). Whether the resolver was (re)attached. A
     * failure is logged: the network works without it.
     */
    boolean ensure(Network network) {
        Optional<InetAddress> gateway = gateway(network);
        if (gateway.isEmpty() || !ctx.resolvesNames(network)) {
            return false;
        }
        SandboxId id = idOf(network);
        try {
            Optional<NetNs> ns = ctx.driverOf(network).gatewayNamespace(network);
            if (ns.isEmpty()) {
                return false;
            }
            Object namespace = identity(ns.get());
            if (ctx.dns.isAttached(id) && namespace.equals(boundIn.get(id))) {
                return false;
            }
            ctx.dns.detach(id); // sockets of a namespace made again since (or of none)
            ctx.dns.attachAt(id, ns.get(), gateway.get());
            boundIn.put(id, namespace);
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network " + network.name() + ": no resolver at its gateway "
                    + gateway.get().getHostAddress() + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Closes the network's gateway resolver if its namespace is gone or is another now (deleted behind
     * jnet's back): its sockets would keep the old namespace, and with it the old VXLAN device and its id,
     * alive, so that the network's device could not be made again. Called before the network is repaired.
     */
    void releaseIfStale(Network network) {
        SandboxId id = idOf(network);
        Object bound = boundIn.get(id);
        if (bound == null) {
            return;
        }
        try {
            Optional<NetNs> ns = ctx.driverOf(network).gatewayNamespace(network);
            if (ns.isPresent() && bound.equals(identity(ns.get()))) {
                return;
            }
        } catch (RuntimeException e) {
            // unreadable: as if gone
        }
        remove(network);
    }

    /** Which namespace {@code ns}'s path names now (its inode): one made again has another. */
    private static Object identity(NetNs ns) {
        try {
            return java.nio.file.Files.getAttribute(ns.path(), "unix:ino");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("read the namespace " + ns.path(), e);
        }
    }

    /** Closes the network's gateway resolver, if it has one. */
    void remove(Network network) {
        ctx.dns.detach(idOf(network));
        boundIn.remove(idOf(network));
    }

    /** Whether the network's gateway answers names now (the name table gives its id the network). */
    boolean answers(Network network) {
        return ctx.dns.isAttached(idOf(network));
    }
}
