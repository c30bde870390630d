package dev.jnet.kernel;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.netns.NetnsManager;
import dev.jnet.kernel.nft.NftInventory;
import dev.jnet.kernel.nft.NftSetElements;
import dev.jnet.kernel.nft.Nftables;
import dev.jnet.kernel.rtnl.RtNetlink;
import dev.jnet.kernel.sysctl.Sysctl;
import dev.jnet.net.IfName;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The door to the kernel for one jnet instance: its namespace directory, the executor that runs code
 * inside namespaces, and one rtnetlink socket and nftables context per namespace, made on first use.
 * Sockets hold their namespace alive, so call {@link #forget} before deleting a namespace.
 *
 * <p>The host's rtnetlink socket stays open. Of the other namespaces' sockets only the
 * {@value #OPEN_SANDBOX_SOCKETS} used last keep their descriptor; the others close it and open one again
 * when next used (about 50 µs, inside the namespace). A descriptor per sandbox would take a third of the
 * process's file limit at 10,000 sandboxes, for sockets that sit idle after a connect.
 */
public final class Kernel implements AutoCloseable {
    private final NetnsExecutor executor = new NetnsExecutor();
    private final NetnsManager namespaces;
    private final NetNs host;
    private final ConcurrentHashMap<Path, RtNetlink> rtnl = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, Nftables> nft = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, NftInventory> nftCounts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Path, NftSetElements> nftElements = new ConcurrentHashMap<>();
    /** Namespaces (other than the host) whose sockets keep their descriptor, least recently used first. */
    private final LinkedHashMap<Path, RtNetlink> recentlyUsed = new LinkedHashMap<>(16, 0.75f, true);

    /** How many namespaces besides the host keep an rtnetlink descriptor open. */
    public static final int OPEN_SANDBOX_SOCKETS = 32;

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

    /** rtnetlink inside {@code ns}, made once; its descriptor is kept while {@code ns} is among the last used. */
    public RtNetlink in(NetNs ns) {
        RtNetlink socket = rtnl.computeIfAbsent(ns.path(), p -> RtNetlink.open(executor, ns));
        if (!ns.path().equals(host.path())) {
            markUsed(ns.path(), socket);
        }
        return socket;
    }

    /** Never waits: a socket busy with a request lets its descriptor go when the request ends. */
    private void markUsed(Path ns, RtNetlink socket) {
        synchronized (recentlyUsed) {
            if (recentlyUsed.put(ns, socket) == null) {
                socket.keepOpen(true);
            }
            for (Iterator<RtNetlink> it = recentlyUsed.values().iterator(); recentlyUsed.size() > OPEN_SANDBOX_SOCKETS; ) {
                it.next().keepOpen(false);
                it.remove();
            }
        }
    }

    /** nftables inside {@code ns}, opened once. */
    public Nftables nftables(NetNs ns) {
        return nft.computeIfAbsent(ns.path(), p -> Nftables.open(executor, ns));
    }

    /** Counts of nftables objects inside {@code ns} (for cheap drift checks), opened once. */
    public NftInventory nftInventory(NetNs ns) {
        return nftCounts.computeIfAbsent(ns.path(), p -> NftInventory.open(executor, ns));
    }

    /** Writes nftables set elements inside {@code ns} over netlink (no libnftables), opened once. */
    public NftSetElements nftSetElements(NetNs ns) {
        return nftElements.computeIfAbsent(ns.path(), p -> NftSetElements.open(executor, ns));
    }

    public Sysctl sysctl(NetNs ns) {
        return new Sysctl(executor, ns);
    }

    /** Closes what is open for {@code ns}, so that deleting it really ends it. */
    public void forget(NetNs ns) {
        synchronized (recentlyUsed) {
            recentlyUsed.remove(ns.path());
        }
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
        NftSetElements elements = nftElements.remove(ns.path());
        if (elements != null) {
            elements.close();
        }
    }

    /**
     * Creates a named namespace as every sandbox wants it: its loopback up, and IPv6 off for the interfaces
     * that come later ({@code net.ipv6.conf.default.disable_ipv6}, which a veth created into the namespace
     * takes), so that an endpoint on an IPv4-only network need not turn it off (that write waits for the
     * kernel's global rtnl lock, 1 ms and more on a full host); one on an IPv6 network turns it on for its
     * own interface. The loopback keeps {@code ::1}.
     */
    public NetNs createNamespace(String name) {
        NetNs ns = namespaces.create(name);
        forget(ns); // sockets kept for this path belong to a namespace deleted there behind jnet's back
        try {
            in(ns).links().setUp(IfName.of("lo"));
            sysctl(ns).writeIfPresent("net.ipv6.conf.default.disable_ipv6", "1"); // absent: a kernel without IPv6
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
        synchronized (recentlyUsed) {
            recentlyUsed.clear();
        }
        rtnl.values().forEach(RtNetlink::close);
        rtnl.clear();
        nft.values().forEach(Nftables::close);
        nft.clear();
        nftCounts.values().forEach(NftInventory::close);
        nftCounts.clear();
        nftElements.values().forEach(NftSetElements::close);
        nftElements.clear();
        executor.close();
    }
}
