package dev.jnet.kernel.rtnl;

import dev.jnet.kernel.netlink.Attributes;
import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netlink.NlMessage;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** Neighbour (ARP/NDP) entries and bridge forwarding database entries of one namespace. */
public final class Neighbours {
    private static final int NTF_SELF = 0x02;
    private static final int NTF_MASTER = 0x04;
    private static final int CREATE = Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL;
    private static final int REPLACE = Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE;
    private static final int APPEND = Netlink.NLM_F_CREATE | Netlink.NLM_F_APPEND;

    private final NetlinkSocket socket;
    private final String where;

    Neighbours(NetlinkSocket socket, String where) {
        this.socket = socket;
        this.where = where;
    }

    /** Adds an entry; CONFLICT (EEXIST) if the address already has one. */
    public void add(Neighbour n) {
        socket.execute(encode(n, Rtnl.RTM_NEWNEIGH, CREATE), "add neighbour " + describe(n) + where);
    }

    /** Adds the entry or replaces the existing one for the address. */
    public void replace(Neighbour n) {
        socket.execute(encode(n, Rtnl.RTM_NEWNEIGH, REPLACE), "replace neighbour " + describe(n) + where);
    }

    public void delete(Neighbour n) {
        socket.execute(encode(n, Rtnl.RTM_DELNEIGH, 0), "delete neighbour " + describe(n) + where);
    }

    /** IPv4 and IPv6 neighbour entries. */
    public List<Neighbour> list() {
        return socket.dump(dumpRequest(Rtnl.AF_UNSPEC), "list neighbours" + where).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWNEIGH)
                .map(Neighbours::decodeNeighbour).flatMap(Optional::stream).toList();
    }

    /** Adds an FDB entry; CONFLICT if it exists. */
    public void addFdb(FdbEntry e) {
        socket.execute(encode(e, Rtnl.RTM_NEWNEIGH, CREATE), "add fdb entry " + describe(e) + where);
    }

    /** Adds the FDB entry or replaces the existing one for the MAC. */
    public void replaceFdb(FdbEntry e) {
        socket.execute(encode(e, Rtnl.RTM_NEWNEIGH, REPLACE), "replace fdb entry " + describe(e) + where);
    }

    /**
     * Adds one more destination for the MAC (VXLAN only): with the all-zero MAC this builds the list of
     * remote endpoints that broadcast and unknown traffic is flooded to.
     */
    public void appendFdb(FdbEntry e) {
        socket.execute(encode(e, Rtnl.RTM_NEWNEIGH, APPEND), "append fdb entry " + describe(e) + where);
    }

    public void deleteFdb(FdbEntry e) {
        socket.execute(encode(e, Rtnl.RTM_DELNEIGH, 0), "delete fdb entry " + describe(e) + where);
    }

    /** Every bridge FDB entry in the namespace (bridges and VXLAN devices). */
    public List<FdbEntry> listFdb() {
        return socket.dump(dumpRequest(Rtnl.AF_BRIDGE), "list fdb entries" + where).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWNEIGH)
                .map(Neighbours::decodeFdb).flatMap(Optional::stream).toList();
    }

    /** The FDB entries of one device. */
    public List<FdbEntry> listFdb(int index) {
        return listFdb().stream().filter(e -> e.index() == index).toList();
    }

    private static MessageBuilder ndmsg(int type, int flags, int family, int index, int state, int ntfFlags) {
        return new MessageBuilder(type, flags).putByte(family).putByte(0).putShort(0).putInt(index)
                .putShort(state).putByte(ntfFlags).putByte(0);
    }

    private static MessageBuilder dumpRequest(int family) {
        return ndmsg(Rtnl.RTM_GETNEIGH, Netlink.NLM_F_DUMP, family, 0, 0, 0);
    }

    private static MessageBuilder encode(Neighbour n, int type, int flags) {
        MessageBuilder m = ndmsg(type, flags, Rtnl.family(n.address() instanceof Inet4Address), n.index(),
                n.state(), 0).attrAddress(Rtnl.NDA_DST, n.address());
        n.mac().ifPresent(mac -> m.attr(Rtnl.NDA_LLADDR, mac.bytes()));
        return m;
    }

    private static MessageBuilder encode(FdbEntry e, int type, int flags) {
        MessageBuilder m = ndmsg(type, flags, Rtnl.AF_BRIDGE, e.index(), e.state(), e.onMaster() ? NTF_MASTER : NTF_SELF)
                .attr(Rtnl.NDA_LLADDR, e.mac().bytes());
        e.destination().ifPresent(dst -> m.attrAddress(Rtnl.NDA_DST, dst));
        return m;
    }

    private static Optional<Neighbour> decodeNeighbour(NlMessage m) {
        int index = m.payload().getInt(4);
        int state = Short.toUnsignedInt(m.payload().getShort(8));
        Attributes a = m.attributes(Rtnl.NDMSG_LENGTH);
        Optional<MacAddress> mac = a.raw(Rtnl.NDA_LLADDR).filter(r -> r.length == 6).map(MacAddress::of);
        return a.address(Rtnl.NDA_DST).map(dst -> new Neighbour(index, dst, mac, state));
    }

    private static Optional<FdbEntry> decodeFdb(NlMessage m) {
        int index = m.payload().getInt(4);
        int state = Short.toUnsignedInt(m.payload().getShort(8));
        int flags = Byte.toUnsignedInt(m.payload().get(10));
        Attributes a = m.attributes(Rtnl.NDMSG_LENGTH);
        // A bridge marks the entries of its own table with NDA_MASTER, not with the NTF_MASTER flag.
        boolean onMaster = a.has(Rtnl.NDA_MASTER) || (flags & NTF_MASTER) != 0;
        return a.raw(Rtnl.NDA_LLADDR).filter(r -> r.length == 6).map(MacAddress::of)
                .map(mac -> new FdbEntry(index, mac, a.address(Rtnl.NDA_DST), onMaster, state));
    }

    private static String describe(Neighbour n) {
        return IpFormat.format(n.address()) + n.mac().map(m -> " lladdr " + m).orElse("") + " on link #" + n.index();
    }

    private static String describe(FdbEntry e) {
        return e.mac() + e.destination().map(d -> " dst " + IpFormat.format(d)).orElse("") + " on link #" + e.index();
    }
}
