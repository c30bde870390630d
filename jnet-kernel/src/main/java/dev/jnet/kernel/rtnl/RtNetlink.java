package dev.jnet.kernel.rtnl;

import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

/**
 * rtnetlink for one network namespace: links, addresses, routes, neighbours and FDB entries. The socket
 * is opened inside the namespace and is then used from any thread (one request at a time); one made by
 * {@link #open} may be told not to {@link #keepOpen keep} its descriptor between requests.
 */
public final class RtNetlink implements AutoCloseable {
    private final NetlinkSocket socket;
    private final Links links;
    private final Addresses addresses;
    private final Routes routes;
    private final Neighbours neighbours;

    private RtNetlink(NetlinkSocket socket, String where) {
        this.socket = socket;
        this.links = new Links(socket, where);
        this.addresses = new Addresses(socket, links, where);
        this.routes = new Routes(socket, where);
        this.neighbours = new Neighbours(socket, where);
    }

    /** Opens rtnetlink inside {@code ns}, creating the socket on one of the executor's threads. */
    public static RtNetlink open(NetnsExecutor executor, NetNs ns) {
        String name = ns.toString();
        return new RtNetlink(NetlinkSocket.openIn(executor, ns, Netlink.NETLINK_ROUTE, "rtnetlink in " + name),
                " in " + name);
    }

    /** Opens rtnetlink in the calling thread's current namespace, which {@code name} describes in errors. */
    public static RtNetlink openHere(String name) {
        return new RtNetlink(NetlinkSocket.open(Netlink.NETLINK_ROUTE, "rtnetlink in " + name), " in " + name);
    }

    public Links links() {
        return links;
    }

    public Addresses addresses() {
        return addresses;
    }

    public Routes routes() {
        return routes;
    }

    public Neighbours neighbours() {
        return neighbours;
    }

    /**
     * Whether the socket keeps its descriptor between requests (the default); without, each request
     * opens one inside the namespace (about 50 µs) and closes it after. See {@link NetlinkSocket#keepOpen}.
     */
    public void keepOpen(boolean keep) {
        socket.keepOpen(keep);
    }

    /** Whether the socket has a descriptor open now. */
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() {
        socket.close();
    }
}
