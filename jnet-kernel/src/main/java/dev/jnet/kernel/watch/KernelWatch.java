package dev.jnet.kernel.watch;

import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netlink.NlMessage;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;
import dev.jnet.kernel.nft.NftNotifications;
import dev.jnet.kernel.rtnl.RtnlNotifications;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Listens to one namespace's changes: links and IPv4/IPv6 addresses (rtnetlink groups) and nftables
 * transactions (the nfnetlink nftables group), on two sockets opened inside the namespace. One thread
 * waits in {@link #await}; any thread may {@link #wakeUp} it. {@link #close} only once no thread waits.
 */
public final class KernelWatch implements AutoCloseable {
    private static final int SOCKETS = 2;

    private final NetlinkSocket rtnl;
    private final NetlinkSocket nft;
    private final int wakeFd;
    private final String where;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pollFds = arena.allocate(8L * (SOCKETS + 1), 4);
    private final MemorySegment callState = Libc.callState(arena);
    private final NftNotifications commits = new NftNotifications();
    private boolean closed;

    private KernelWatch(NetlinkSocket rtnl, NetlinkSocket nft, int wakeFd, String where) {
        this.rtnl = rtnl;
        this.nft = nft;
        this.wakeFd = wakeFd;
        this.where = where;
        int[] fds = {rtnl.descriptor(), nft.descriptor(), wakeFd};
        for (int i = 0; i < fds.length; i++) {
            pollFds.set(ValueLayout.JAVA_INT, 8L * i, fds[i]);
            pollFds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, Libc.POLLIN);
        }
    }

    /** Opens the watch inside {@code ns} (its sockets are made there, on one of the executor's threads). */
    public static KernelWatch open(NetnsExecutor executor, NetNs ns) {
        return executor.call(ns, () -> openHere(ns.toString()));
    }

    private static KernelWatch openHere(String name) {
        NetlinkSocket rtnl = NetlinkSocket.open(Netlink.NETLINK_ROUTE, "link and address notifications in " + name);
        NetlinkSocket nft = null;
        try {
            rtnl.subscribe(RtnlNotifications.LINK_AND_ADDRESS_GROUPS);
            nft = NetlinkSocket.open(Netlink.NETLINK_NETFILTER, "nftables notifications in " + name);
            nft.subscribe(NftNotifications.GROUP);
            int wake = Libc.eventfd(Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK, "open the wake-up descriptor of the kernel watch in " + name);
            return new KernelWatch(rtnl, nft, wake, " in " + name);
        } catch (RuntimeException e) {
            rtnl.close();
            if (nft != null) {
                nft.close();
            }
            throw e;
        }
    }

    /**
     * Waits up to {@code timeout} for changes and returns those that arrived, in order; empty after the
     * timeout or a {@link #wakeUp}.
     */
    public List<KernelEvent> await(Duration timeout) {
        int millis = (int) Math.clamp(timeout.toMillis(), 0, Integer.MAX_VALUE);
        if (Libc.poll(pollFds, SOCKETS + 1, millis, callState, "wait for kernel notifications" + where) == 0) {
            return List.of();
        }
        Libc.eventfdRead(wakeFd, "read the wake-up descriptor of the kernel watch" + where);
        List<KernelEvent> events = new ArrayList<>();
        readLinksAndAddresses(events);
        readNftables(events);
        return events;
    }

    private void readLinksAndAddresses(List<KernelEvent> events) {
        for (NlMessage m : take(rtnl, "links and addresses", events)) {
            if (RtnlNotifications.isLink(m)) {
                events.add(new KernelEvent.LinkChanged(RtnlNotifications.isDeletion(m), RtnlNotifications.link(m)));
            } else if (RtnlNotifications.isAddress(m)) {
                events.add(new KernelEvent.AddressChanged(RtnlNotifications.isDeletion(m), RtnlNotifications.address(m)));
            }
        }
    }

    private void readNftables(List<KernelEvent> events) {
        int before = events.size();
        List<NlMessage> messages = take(nft, "nftables", events);
        if (events.size() > before) {
            commits.reset(); // the transaction in progress lost some of its messages
        }
        for (NlMessage m : messages) {
            commits.accept(m).ifPresent(c -> events.add(new KernelEvent.NftChanged(c)));
        }
    }

    /** What the socket holds; after a full buffer (ENOBUFS), {@link KernelEvent.EventsLost} and what came since. */
    private static List<NlMessage> take(NetlinkSocket socket, String source, List<KernelEvent> events) {
        try {
            return socket.takeNotifications();
        } catch (KernelException e) {
            if (!e.is(Errno.ENOBUFS)) {
                throw e;
            }
            events.add(new KernelEvent.EventsLost(source));
            return socket.takeNotifications();
        }
    }

    /** Makes a thread waiting in {@link #await} return at once (or the next call, if none waits). */
    public void wakeUp() {
        Libc.eventfdWrite(wakeFd, 1, "wake the kernel watch" + where);
    }

    /** Closes the sockets; call it only when no thread waits in {@link #await}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        rtnl.close();
        nft.close();
        Libc.close(wakeFd);
        arena.close();
    }
}
