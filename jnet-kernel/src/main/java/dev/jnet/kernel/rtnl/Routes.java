package dev.jnet.kernel.rtnl;

import dev.jnet.kernel.netlink.Attributes;
import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netlink.NlMessage;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** Unicast routes of one namespace, in any table. */
public final class Routes {
    private static final int SCOPE_UNIVERSE = 0;
    private static final int SCOPE_LINK = 253;
    private static final int SCOPE_NOWHERE = 255;

    private final NetlinkSocket socket;
    private final String where;

    Routes(NetlinkSocket socket, String where) {
        this.socket = socket;
        this.where = where;
    }

    /** Adds the route; CONFLICT (EEXIST) if the same destination and metric already has a route. */
    public void add(Route route) {
        socket.execute(encode(route, Rtnl.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL),
                "add route " + describe(route) + where);
    }

    /** Adds the route or replaces the one with the same destination and metric. */
    public void replace(Route route) {
        socket.execute(encode(route, Rtnl.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE),
                "replace route " + describe(route) + where);
    }

    /**
     * Deletes the route; NOT_FOUND (ESRCH) if there is no such route. A metric of 0 matches any metric
     * (IPv6 routes added with 0 are stored with 1024).
     */
    public void delete(Route route) {
        socket.execute(encode(route, Rtnl.RTM_DELROUTE, 0), "delete route " + describe(route) + where);
    }

    /** The unicast routes of one family in one table (IPv4 when {@code ipv4}). */
    public List<Route> list(boolean ipv4, int table) {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_GETROUTE, Netlink.NLM_F_DUMP)
                .putByte(Rtnl.family(ipv4)).putByte(0).putByte(0).putByte(0)
                .putByte(0).putByte(0).putByte(0).putByte(0).putInt(0);
        return socket.dump(request, "list routes" + where).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWROUTE)
                .map(m -> decode(m, ipv4, table))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The unicast routes of one family in the main table. */
    public List<Route> list(boolean ipv4) {
        return list(ipv4, Route.TABLE_MAIN);
    }

    private static MessageBuilder encode(Route route, int type, int flags) {
        boolean adding = type == Rtnl.RTM_NEWROUTE;
        int scope = !adding ? SCOPE_NOWHERE : route.gateway().isPresent() ? SCOPE_UNIVERSE : SCOPE_LINK;
        Cidr dst = route.destination();
        MessageBuilder m = new MessageBuilder(type, flags)
                .putByte(Rtnl.family(dst.isIpv4())).putByte(dst.prefixLength()).putByte(0).putByte(0)
                .putByte(route.table() < 256 ? route.table() : 0)
                .putByte(adding ? Rtnl.RTPROT_BOOT : 0).putByte(scope).putByte(adding ? Rtnl.RTN_UNICAST : 0)
                .putInt(0);
        if (dst.prefixLength() > 0) {
            m.attrAddress(Rtnl.RTA_DST, dst.address());
        }
        route.gateway().ifPresent(gw -> m.attrAddress(Rtnl.RTA_GATEWAY, gw));
        if (route.outputIndex() != 0) {
            m.attrU32(Rtnl.RTA_OIF, route.outputIndex());
        }
        if (route.metric() != 0) {
            m.attrU32(Rtnl.RTA_PRIORITY, route.metric());
        }
        route.source().ifPresent(src -> m.attrAddress(Rtnl.RTA_PREFSRC, src));
        return m.attrU32(Rtnl.RTA_TABLE, route.table());
    }

    /** The route, if the message is a unicast route in table {@code wanted} that a {@link Route} can hold. */
    private static Optional<Route> decode(NlMessage m, boolean ipv4, int wanted) {
        int prefix = Byte.toUnsignedInt(m.payload().get(1));
        int type = Byte.toUnsignedInt(m.payload().get(7));
        Attributes a = m.attributes(Rtnl.RTMSG_LENGTH);
        int table = a.u32(Rtnl.RTA_TABLE).orElse(Byte.toUnsignedInt(m.payload().get(4)));
        Optional<InetAddress> gateway = a.address(Rtnl.RTA_GATEWAY);
        int oif = a.u32(Rtnl.RTA_OIF).orElse(0);
        int metric = a.u32(Rtnl.RTA_PRIORITY).orElse(0);
        if (table != wanted || type != Rtnl.RTN_UNICAST || (gateway.isEmpty() && oif == 0)) {
            return Optional.empty(); // local, broadcast, blackhole and multipath routes are not jnet's
        }
        if (metric < 0) {
            return Optional.empty(); // above 2^31 - 1, as only other tools write: no Route can hold it
        }
        InetAddress dst = a.address(Rtnl.RTA_DST).orElseGet(() -> unspecified(ipv4));
        return Optional.of(new Route(new Cidr(dst, prefix), gateway, oif, table, metric, a.address(Rtnl.RTA_PREFSRC)));
    }

    private static InetAddress unspecified(boolean ipv4) {
        try {
            return InetAddress.getByAddress(new byte[ipv4 ? 4 : 16]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot happen", e);
        }
    }

    private static String describe(Route route) {
        String to = route.isDefault() ? "default" : route.destination().toString();
        String via = route.gateway().map(g -> " via " + IpFormat.format(g)).orElse("");
        String dev = route.outputIndex() == 0 ? "" : " dev #" + route.outputIndex();
        String table = route.table() == Route.TABLE_MAIN ? "" : " table " + route.table();
        return to + via + dev + table;
    }
}
