package dev.jnet.kernel.rtnl;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.net.IfName;

import java.net.InetAddress;
import java.util.Optional;

/** A link to create: one record per kind jnet's drivers use. */
public sealed interface LinkSpec {
    IfName name();

    LinkOptions options();

    /** The kernel's name for the kind ({@code IFLA_INFO_KIND}). */
    String kind();

    /**
     * The namespace the link is created in, by IFLA_NET_NS_FD; empty for the namespace of the socket that
     * sends the request. Parents and underlays are looked up in the sender's namespace either way.
     */
    default Optional<NetNs> namespace() {
        return Optional.empty();
    }

    /** The feature the kernel must have, as a user knows it (for "this kernel lacks ..." errors). */
    default String feature() {
        return kind();
    }

    /**
     * A Linux bridge (software switch).
     *
     * @param linkLocalLearning whether the bridge learns source MACs from link-local frames (to
     *     01:80:c2:00:00:0X), the kernel's default; some of those (LLDP) are learned before any nftables
     *     hook sees them, so a bridge that pins MACs to ports turns it off ({@code no_linklocal_learn})
     * @param multicastSnooping whether the bridge forwards multicast only to ports that joined the group
     *     (IGMP/MLD snooping, the kernel's default); off, it floods multicast to every port as it does
     *     broadcast, and each new port no longer restarts a snooping timer on every other port
     */
    record Bridge(IfName name, LinkOptions options, boolean linkLocalLearning, boolean multicastSnooping)
            implements LinkSpec {
        public Bridge(IfName name, LinkOptions options, boolean linkLocalLearning) {
            this(name, options, linkLocalLearning, true);
        }

        public Bridge(IfName name, LinkOptions options) {
            this(name, options, true);
        }

        public Bridge(IfName name) {
            this(name, LinkOptions.DEFAULTS);
        }

        @Override
        public String kind() {
            return "bridge";
        }
    }

    /**
     * A veth pair. The peer may be created straight into another namespace, which saves a move. A peer
     * in the same namespace can be brought up at once (jnet sends a second request: the kernel refuses
     * to open a peer before the pair is joined); a peer elsewhere is brought up from its namespace.
     *
     * @param peerNamespace where the peer end goes; empty for the same namespace
     */
    record Veth(IfName name, IfName peerName, Optional<NetNs> peerNamespace, LinkOptions options,
                LinkOptions peerOptions) implements LinkSpec {
        public Veth {
            if (name.equals(peerName) && peerNamespace.isEmpty()) {
                throw JnetException.invalid("veth ends must have different names, both are " + name);
            }
            if (peerOptions.alias().isPresent() && peerNamespace.isPresent()) {
                throw JnetException.invalid("veth peer " + peerName + " goes to " + peerNamespace.get()
                        + " and cannot get its alias as it is created; set it from that namespace");
            }
            if (peerOptions.up() && peerNamespace.isPresent()) {
                throw JnetException.invalid("veth peer " + peerName + " goes to " + peerNamespace.get()
                        + " and cannot be brought up as it is created; bring it up from that namespace");
            }
        }

        public Veth(IfName name, IfName peerName) {
            this(name, peerName, Optional.empty(), LinkOptions.DEFAULTS, LinkOptions.DEFAULTS);
        }

        public Veth withPeerIn(NetNs namespace) {
            return new Veth(name, peerName, Optional.of(namespace), options, peerOptions);
        }

        public Veth withOptions(LinkOptions own, LinkOptions peer) {
            return new Veth(name, peerName, peerNamespace, own, peer);
        }

        @Override
        public String kind() {
            return "veth";
        }
    }

    /**
     * A VXLAN tunnel endpoint. With learning off, remote endpoints come only from FDB entries jnet
     * writes (the overlay control plane).
     *
     * @param vni the 24-bit VXLAN network identifier
     * @param local the source address of encapsulated packets, if fixed
     * @param port the UDP destination port (4789 is IANA's)
     * @param underlay the link to send through, if fixed
     * @param learning whether the device learns remote MACs from received packets (off for jnet: only its FDB entries count)
     * @param proxy whether the device answers ARP and neighbour solicitations from its own neighbour table
     *              (ARP suppression: then no flood entry is needed)
     */
    record Vxlan(IfName name, int vni, Optional<InetAddress> local, int port, Optional<IfName> underlay,
                 boolean learning, boolean proxy, LinkOptions options) implements LinkSpec {
        public static final int IANA_PORT = 4789;

        public Vxlan {
            if (vni < 0 || vni > 0xffffff) {
                throw JnetException.invalid("VXLAN id " + vni + " is out of range (0 to 16777215)");
            }
            if (port < 1 || port > 65535) {
                throw JnetException.invalid("VXLAN port " + port + " is out of range (1 to 65535)");
            }
        }

        /** Learning off, ARP proxy on, IANA port, no fixed local address or underlay. */
        public Vxlan(IfName name, int vni) {
            this(name, vni, Optional.empty(), IANA_PORT, Optional.empty(), false, true, LinkOptions.DEFAULTS);
        }

        @Override
        public String kind() {
            return "vxlan";
        }
    }

    /**
     * A macvlan link on a parent interface. It may be created straight into another namespace under its
     * final name ({@code ip link add link eth0 name mv0 netns X type macvlan}): the parent is looked up
     * in the namespace of the socket that sends the request.
     *
     * @param namespace where the link is created; empty for the sender's namespace
     */
    record Macvlan(IfName name, IfName parent, MacvlanMode mode, Optional<NetNs> namespace, LinkOptions options)
            implements LinkSpec {
        public Macvlan {
            refuseAliasElsewhere("macvlan", name, namespace, options);
        }

        public Macvlan(IfName name, IfName parent, MacvlanMode mode, LinkOptions options) {
            this(name, parent, mode, Optional.empty(), options);
        }

        /** This link, created straight in {@code target}. */
        public Macvlan in(NetNs target) {
            return new Macvlan(name, parent, mode, Optional.of(target), options);
        }

        @Override
        public String kind() {
            return "macvlan";
        }
    }

    /**
     * An ipvlan link on a parent interface; like {@link Macvlan}, it may be created straight into another
     * namespace.
     *
     * @param flag how ipvlan links of one parent reach each other
     * @param namespace where the link is created; empty for the sender's namespace
     */
    record Ipvlan(IfName name, IfName parent, IpvlanMode mode, IpvlanFlag flag, Optional<NetNs> namespace,
                  LinkOptions options) implements LinkSpec {
        public Ipvlan {
            refuseAliasElsewhere("ipvlan", name, namespace, options);
        }

        /** Bridge flag, in the sender's namespace. */
        public Ipvlan(IfName name, IfName parent, IpvlanMode mode, LinkOptions options) {
            this(name, parent, mode, IpvlanFlag.BRIDGE, Optional.empty(), options);
        }

        /** This link, created straight in {@code target}. */
        public Ipvlan in(NetNs target) {
            return new Ipvlan(name, parent, mode, flag, Optional.of(target), options);
        }

        @Override
        public String kind() {
            return "ipvlan";
        }
    }

    /**
     * An 802.1Q VLAN sub-interface of a parent; like {@link Macvlan}, it may be created straight into
     * another namespace.
     *
     * @param namespace where the link is created; empty for the sender's namespace
     */
    record Vlan(IfName name, IfName parent, int vlanId, Optional<NetNs> namespace, LinkOptions options)
            implements LinkSpec {
        public Vlan {
            if (vlanId < 1 || vlanId > 4094) {
                throw JnetException.invalid("VLAN id " + vlanId + " is out of range (1 to 4094)");
            }
            refuseAliasElsewhere("vlan", name, namespace, options);
        }

        public Vlan(IfName name, IfName parent, int vlanId, LinkOptions options) {
            this(name, parent, vlanId, Optional.empty(), options);
        }

        /** This link, created straight in {@code target}. */
        public Vlan in(NetNs target) {
            return new Vlan(name, parent, vlanId, Optional.of(target), options);
        }

        @Override
        public String kind() {
            return "vlan";
        }

        @Override
        public String feature() {
            return "802.1q vlan";
        }
    }

    /** jnet sets an alias in a second request, by name in the sender's namespace, where the link is not. */
    private static void refuseAliasElsewhere(String kind, IfName name, Optional<NetNs> namespace,
                                             LinkOptions options) {
        if (options.alias().isPresent() && namespace.isPresent()) {
            throw JnetException.invalid(kind + " link " + name + " goes to " + namespace.get()
                    + " and cannot get its alias as it is created; set it from that namespace");
        }
    }

    /** macvlan modes, with the kernel's values. */
    enum MacvlanMode {
        PRIVATE(1), VEPA(2), BRIDGE(4), PASSTHRU(8), SOURCE(16);

        final int value;

        MacvlanMode(int value) {
            this.value = value;
        }

        /** The kernel's value ({@code MACVLAN_MODE_*}). */
        public int value() {
            return value;
        }
    }

    /** ipvlan modes, with the kernel's values. */
    enum IpvlanMode {
        L2(0), L3(1), L3S(2);

        final int value;

        IpvlanMode(int value) {
            this.value = value;
        }

        /** The kernel's value ({@code IPVLAN_MODE_*}). */
        public int value() {
            return value;
        }
    }

    /**
     * ipvlan flags, with the kernel's values ({@code IPVLAN_F_*}): in bridge, links of one parent reach
     * each other inside the host; private keeps them apart; vepa sends their traffic out to the parent's
     * switch, which may send it back.
     */
    enum IpvlanFlag {
        BRIDGE(0), PRIVATE(1), VEPA(2);

        final int value;

        IpvlanFlag(int value) {
            this.value = value;
        }

        /** The kernel's value. */
        public int value() {
            return value;
        }
    }
}
