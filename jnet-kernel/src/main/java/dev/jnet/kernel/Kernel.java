package dev.jnet.kernel;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.netns.NetnsManager;
import dev.jnet.kernel.nft.NftInventory;
import dev.jnet.kernel.nft.Nftables;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.kernel.sysctl.Sysctl;
import dev.jnet.net.IfName;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The door to the kernel for one jnet instance: its namespace directory, the executor that runs code
 * inside namespaces, and one rtnetlink socket and nftables context per namespace, opened on first use
 * and kept. Sockets hold their namespace alive, so call {@link #forget} before deleting a namespace.
 */
public final class Kernel implements AutoCloseable {
    private final NetnsExecutor executor = new NetnsExecutor();
    private final NetnsManager namespaces;
    private final NetNs host;
    private final ConcurrentHashMap<Path, RtNetlink> rtnl = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, Nftables> nft = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, NftInventory> nftCounts = new ConcurrentHashMap<>();

    /**
     * A kernel door whose named namespaces live in {@code runDirectory/netns} and whose "host" (where
     * bridges and host-side veths go) is {@code host}: the process's own namespace in jnetd, a throwaway
     * namespace in tests.
     */
    public Kernel(Path runDirectory, NetNs host) {
        this.namespaces = new NetnsManager(runDirectory.resolve("netns"));
        this.host = host;
    }

    public NetnsExecutor executor() {
        return executor;
    }

    public NetnsManager namespaces() {
        return namespaces;
    }

    /** The namespace that plays the host. */
    public NetNs hostNamespace() {
        return host;
    }

    /** rtnetlink in the host namespace. */
    public RtNetlink host() {
        return in(host);
    }

    /** rtnetlink inside {@code ns}, opened once. */
    public RtNetlink in(NetNs ns) {
        return rtnl.computeIfAbsent(ns.path(), p -> RtNetlink.open(executor, ns));
    }

    /** nftables inside {@code ns}, opened once. */
    public Nftables nftables(NetNs ns) {
        return nft.computeIfAbsent(ns.path(), p -> Nftables.open(executor, ns));
    }

    /** Counts of nftables objects inside {@code ns} (for cheap drift checks), opened once. */
    public NftInventory nftInventory(NetNs ns) {
        return nftCounts.computeIfAbsent(ns.path(), p -> NftInventory.open(executor, ns));
    }

    public Sysctl sysctl(NetNs ns) {
        return new Sysctl(executor, ns);
    }

    /** Closes what is open for {@code ns}, so that deleting it really ends it. */
    public void forget(NetNs ns) {
        RtNetlink socket = rtnl.remove(ns.path());
        if (socket != null) {
            socket.close();
        }
        Nftables context = nft.remove(ns.path());
        if (context != null) {
            context.close();
        }
        NftInventory counts = nftCounts.remove(ns.path());
        if (counts != null) {
            counts.close();
        }
    }

    /** Creates a named namespace with its loopback up, as every sandbox wants. */
    public NetNs createNamespace(String name) {
        NetNs ns = namespaces.create(name);
        try {
            in(ns).links().setUp(IfName.of("lo"));
            return ns;
        } catch (RuntimeException e) {
            try {
                deleteNamespace(ns);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Forgets and deletes a named namespace made by {@link #createNamespace}. */
    public void deleteNamespace(NetNs ns) {
        forget(ns);
        namespaces.delete(ns.name());
    }

    @Override
    public void close() {
        rtnl.values().forEach(RtNetlink::close);
        rtnl.clear();
        nft.values().forEach(Nftables::close);
        nft.clear();
        nftCounts.values().forEach(NftInventory::close);
        nftCounts.clear();
        executor.close();
    }
}
