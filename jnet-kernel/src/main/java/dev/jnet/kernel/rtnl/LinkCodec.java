package dev.jnet.kernel.rtnl;

import dev.jnet.kernel.netlink.Attributes;
import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NlMessage;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.function.ToIntFunction;

/** Encodes link requests ({@code ifinfomsg} plus attributes) and decodes link messages. */
final class LinkCodec {
    private static final String[] OPER_STATES =
            {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"};

    private LinkCodec() {}

    /** Writes a struct ifinfomsg. */
    static MessageBuilder ifinfomsg(MessageBuilder m, int index, int flags, int change) {
        return m.putByte(Rtnl.AF_UNSPEC).putByte(0).putShort(0).putInt(index).putInt(flags).putInt(change);
    }

    static MessageBuilder header(int type, int flags, int index, boolean up) {
        int upFlag = up ? Rtnl.IFF_UP : 0;
        return ifinfomsg(new MessageBuilder(type, flags), index, upFlag, upFlag);
    }

    /**
     * A create request for {@code spec}. {@code indexOf} resolves parent and underlay names;
     * {@code namespaceFd} opens the file descriptor of a namespace the link or a veth peer goes to.
     */
    static MessageBuilder create(LinkSpec spec, ToIntFunction<IfName> indexOf,
                                 ToIntFunction<NetNs> namespaceFd) {
        // The kernel sends the echo of a link made in another namespace to whichever socket there has the
        // sender's port id (a process's first socket in each namespace gets its pid): ask for none then.
        int echo = spec.namespace().isEmpty() ? Netlink.NLM_F_ECHO : 0;
        MessageBuilder m = header(Rtnl.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL | echo,
                0, spec.options().up());
        common(m, spec.name(), spec.options());
        switch (spec) {
            case LinkSpec.Macvlan s -> m.attrU32(Rtnl.IFLA_LINK, indexOf.applyAsInt(s.parent()));
            case LinkSpec.Ipvlan s -> m.attrU32(Rtnl.IFLA_LINK, indexOf.applyAsInt(s.parent()));
            case LinkSpec.Vlan s -> m.attrU32(Rtnl.IFLA_LINK, indexOf.applyAsInt(s.parent()));
            case LinkSpec.Bridge s -> { }
            case LinkSpec.Veth s -> { }
            case LinkSpec.Vxlan s -> { }
        }
        spec.namespace().ifPresent(ns -> m.attrU32(Rtnl.IFLA_NET_NS_FD, namespaceFd.applyAsInt(ns)));
        int linkInfo = m.beginNested(Rtnl.IFLA_LINKINFO);
        m.attrString(Rtnl.IFLA_INFO_KIND, spec.kind());
        int data = m.beginNested(Rtnl.IFLA_INFO_DATA);
        switch (spec) {
            case LinkSpec.Bridge s -> bridge(m, s);
            case LinkSpec.Veth s -> vethPeer(m, s, namespaceFd);
            case LinkSpec.Vxlan s -> vxlan(m, s, indexOf);
            case LinkSpec.Macvlan s -> m.attrU32(Rtnl.IFLA_MACVLAN_MODE, s.mode().value);
            case LinkSpec.Ipvlan s -> m.attrU16(Rtnl.IFLA_IPVLAN_MODE, s.mode().value)
                    .attrU16(Rtnl.IFLA_IPVLAN_FLAGS, s.flag().value);
            case LinkSpec.Vlan s -> m.attrU16(Rtnl.IFLA_VLAN_ID, s.vlanId())
                    .attrU16BigEndian(Rtnl.IFLA_VLAN_PROTOCOL, Rtnl.ETH_P_8021Q);
        }
        m.endNested(data);
        return m.endNested(linkInfo);
    }

    private static void common(MessageBuilder m, IfName name, LinkOptions options) {
        m.attrString(Rtnl.IFLA_IFNAME, name.value());
        options.mtu().ifPresent(mtu -> m.attrU32(Rtnl.IFLA_MTU, mtu));
        options.mac().ifPresent(mac -> m.attr(Rtnl.IFLA_ADDRESS, mac.bytes()));
    }

    private static void bridge(MessageBuilder m, LinkSpec.Bridge s) {
        if (!s.multicastSnooping()) {
            m.attrU8(Rtnl.IFLA_BR_MCAST_SNOOPING, 0);
        }
        if (!s.linkLocalLearning()) {
            int noLinkLocalLearn = 1 << Rtnl.BR_BOOLOPT_NO_LL_LEARN;
            m.attr(Rtnl.IFLA_BR_MULTI_BOOLOPT, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder())
                    .putInt(noLinkLocalLearn).putInt(noLinkLocalLearn).array()); // struct br_boolopt_multi: value, mask
        }
    }

    private static void vethPeer(MessageBuilder m, LinkSpec.Veth s,
                                 ToIntFunction<NetNs> namespaceFd) {
        int peer = m.beginNested(Rtnl.VETH_INFO_PEER);
        // The kernel opens the peer before the pair is joined and refuses with ENOTCONN: bring it up after.
        ifinfomsg(m, 0, 0, 0);
        common(m, s.peerName(), s.peerOptions());
        s.peerNamespace().ifPresent(ns -> m.attrU32(Rtnl.IFLA_NET_NS_FD, namespaceFd.applyAsInt(ns)));
        m.endNested(peer);
    }

    private static void vxlan(MessageBuilder m, LinkSpec.Vxlan s, ToIntFunction<IfName> indexOf) {
        m.attrU32(Rtnl.IFLA_VXLAN_ID, s.vni());
        s.local().ifPresent(local -> m.attrAddress(
                local instanceof Inet4Address ? Rtnl.IFLA_VXLAN_LOCAL : Rtnl.IFLA_VXLAN_LOCAL6, local));
        s.underlay().ifPresent(link -> m.attrU32(Rtnl.IFLA_VXLAN_LINK, indexOf.applyAsInt(link)));
        m.attrU16BigEndian(Rtnl.IFLA_VXLAN_PORT, s.port());
        m.attrU8(Rtnl.IFLA_VXLAN_LEARNING, s.learning() ? 1 : 0);
        m.attrU8(Rtnl.IFLA_VXLAN_PROXY, s.proxy() ? 1 : 0);
    }

    /** A request that names an existing link by name (index 0 plus IFLA_IFNAME). */
    static MessageBuilder byName(int type, IfName name) {
        return header(type, 0, 0, false).attrString(Rtnl.IFLA_IFNAME, name.value());
    }

    static Link decode(NlMessage message) {
        ByteBuffer p = message.payload();
        int index = p.getInt(4);
        int flags = p.getInt(8);
        Attributes a = message.attributes(Rtnl.IFINFOMSG_LENGTH);
        String kind = a.nested(Rtnl.IFLA_LINKINFO).flatMap(i -> i.string(Rtnl.IFLA_INFO_KIND)).orElse("");
        Optional<MacAddress> mac = a.raw(Rtnl.IFLA_ADDRESS).filter(r -> r.length == 6).map(MacAddress::of);
        int oper = a.u8(Rtnl.IFLA_OPERSTATE).orElse(0);
        return new Link(index, IfName.of(a.string(Rtnl.IFLA_IFNAME).orElse("if" + index)), kind,
                a.u32(Rtnl.IFLA_MTU).orElse(0), mac, (flags & Rtnl.IFF_UP) != 0,
                (flags & Rtnl.IFF_LOWER_UP) != 0, a.u32(Rtnl.IFLA_MASTER).orElse(0),
                a.u32(Rtnl.IFLA_LINK).orElse(0), oper < OPER_STATES.length ? OPER_STATES[oper] : "UNKNOWN",
                a.string(Rtnl.IFLA_IFALIAS).orElse(""), ipv6(a));
    }

    /** From IFLA_AF_SPEC: a link without an AF_INET6 part has no IPv6 (a kernel booted without it). */
    private static Link.Ipv6 ipv6(Attributes a) {
        Optional<ByteBuffer> conf = a.nested(Rtnl.IFLA_AF_SPEC).flatMap(s -> s.nested(Rtnl.AF_INET6))
                .flatMap(i -> i.bytes(Rtnl.IFLA_INET6_CONF));
        if (conf.isEmpty()) {
            return Link.Ipv6.NONE;
        }
        int at = 4 * Rtnl.DEVCONF_DISABLE_IPV6;
        if (conf.get().limit() < at + 4) {
            return Link.Ipv6.NONE;
        }
        return conf.get().getInt(at) != 0 ? Link.Ipv6.OFF : Link.Ipv6.ON;
    }
}
