package dev.jnet.kernel.rtnl;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netlink.NlMessage;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Links (network interfaces) of one namespace: create, inspect, change and delete them. */
public final class Links {
    private final NetlinkSocket socket;
    private final String where;

    Links(NetlinkSocket socket, String where) {
        this.socket = socket;
        this.where = where;
    }

    /** Creates the link in one request, already up if its options say so, and returns it. */
    public Link create(LinkSpec spec) {
        return createAll(List.of(spec)).getFirst();
    }

    /**
     * Creates several links with as few system calls as possible and returns them (with their
     * indexes), in order; for a veth pair, the end named first. Not atomic: links made before a failure
     * remain; the first failure is thrown.
     *
     * <p>A link made straight into another namespace ({@link LinkSpec#namespace()}) is out of this
     * socket's sight (the kernel would send its echo to a socket of that namespace). It is returned as
     * requested: index 0, its name and kind, the requested MTU (0 for the kernel's), MAC and up flag, and
     * nothing else known ({@code UNKNOWN} state, {@link Link.Ipv6#NONE}). Look it up from that namespace
     * for its index, MAC and state.
     */
    public List<Link> createAll(List<? extends LinkSpec> specs) {
        List<MessageBuilder> requests = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        List<LinkSpec> owners = new ArrayList<>();
        List<Integer> created = new ArrayList<>();
        List<Integer> fds = new ArrayList<>();
        try {
            for (LinkSpec spec : specs) {
                String operation = "create link " + spec.name() + " (" + spec.kind() + ")"
                        + spec.namespace().map(ns -> " into " + ns).orElse("") + where;
                created.add(requests.size());
                requests.add(LinkCodec.create(spec, parent -> indexOf(parent, operation + ": find link " + parent),
                        ns -> openNamespace(ns, operation, fds)));
                operations.add(operation);
                owners.add(spec);
                if (spec instanceof LinkSpec.Veth veth && veth.peerOptions().up()) {
                    requests.add(upRequest(veth.peerName()));
                    operations.add("set link " + veth.peerName() + " up" + where);
                    owners.add(spec);
                }
                if (spec instanceof LinkSpec.Veth veth && veth.peerOptions().alias().isPresent()) {
                    requests.add(aliasRequest(veth.peerName(), veth.peerOptions().alias().get()));
                    operations.add("set alias of link " + veth.peerName() + where);
                    owners.add(spec);
                }
                if (spec.options().alias().isPresent()) {
                    requests.add(aliasRequest(spec.name(), spec.options().alias().get()));
                    operations.add("set alias of link " + spec.name() + where);
                    owners.add(spec);
                }
            }
            List<List<NlMessage>> echoes =
                    socket.executeAll(requests, operations, (index, e) -> lacksKind(owners.get(index), e));
            List<Link> links = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
                links.add(created(specs.get(i), echoes.get(created.get(i))));
            }
            return links;
        } finally {
            fds.forEach(Libc::close);
        }
    }

    /** The link as the kernel echoed it; kernels before 6.2 echo nothing, so ask for it then. */
    private Link created(LinkSpec spec, List<NlMessage> echo) {
        if (spec.namespace().isPresent()) {
            return requested(spec);
        }
        return echo.stream().filter(m -> m.type() == Rtnl.RTM_NEWLINK).map(LinkCodec::decode)
                .filter(l -> l.name().equals(spec.name())).findFirst().orElseGet(() -> get(spec.name()));
    }

    /** A link made in another namespace, as far as this side knows it. */
    private static Link requested(LinkSpec spec) {
        LinkOptions o = spec.options();
        return new Link(0, spec.name(), spec.kind(), o.mtu().orElse(0), o.mac(), o.up(), false, 0, 0, "UNKNOWN",
                "", Link.Ipv6.NONE);
    }

    /** The kernel answers EOPNOTSUPP ("Unknown device type") for a link kind it was built without. */
    private static KernelException lacksKind(LinkSpec spec, KernelException e) {
        return e.is(Errno.EOPNOTSUPP) ? KernelException.lacks(spec.feature() + " links", e.getMessage(), Errno.EOPNOTSUPP) : e;
    }

    private static int openNamespace(NetNs ns, String operation, List<Integer> fds) {
        int fd = ns.openDescriptor(operation);
        fds.add(fd);
        return fd;
    }

    /** Deletes the link (a veth pair goes as a whole). NOT_FOUND if there is none. */
    public void delete(IfName name) {
        socket.execute(LinkCodec.byName(Rtnl.RTM_DELLINK, name), "delete link " + name + where);
    }

    /** Deletes the link if it exists; returns whether it did. */
    public boolean deleteIfPresent(IfName name) {
        try {
            delete(name);
            return true;
        } catch (KernelException e) {
            if (e.is(Errno.ENODEV)) {
                return false;
            }
            throw e;
        }
    }

    public Optional<Link> find(IfName name) {
        return findBy(LinkCodec.byName(Rtnl.RTM_GETLINK, name), "find link " + name + where);
    }

    public Optional<Link> find(int index) {
        return findBy(LinkCodec.header(Rtnl.RTM_GETLINK, 0, index, false), "find link #" + index + where);
    }

    /** The link called {@code name}; NOT_FOUND if there is none. */
    public Link get(IfName name) {
        return find(name).orElseThrow(() -> JnetException.notFound("link " + name + " does not exist" + where));
    }

    private Optional<Link> findBy(MessageBuilder request, String operation) {
        request.attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
        try {
            List<NlMessage> replies = socket.request(request, operation);
            return replies.stream().filter(m -> m.type() == Rtnl.RTM_NEWLINK).findFirst().map(LinkCodec::decode);
        } catch (KernelException e) {
            if (e.is(Errno.ENODEV)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every link in the namespace, by index. */
    public List<Link> list() {
        MessageBuilder request = LinkCodec.header(Rtnl.RTM_GETLINK, Netlink.NLM_F_DUMP, 0, false)
                .attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
        return socket.dump(request, "list links" + where).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWLINK).map(LinkCodec::decode).toList();
    }

    /** The index of the link called {@code name}; the kernel's ENODEV error names {@code operation}. */
    public int indexOf(IfName name) {
        return indexOf(name, "find link " + name + where);
    }

    private int indexOf(IfName name, String operation) {
        return findBy(LinkCodec.byName(Rtnl.RTM_GETLINK, name), operation).map(Link::index)
                .orElseThrow(() -> KernelException.of(operation, Errno.ENODEV));
    }

    public void setUp(IfName name) {
        socket.execute(upRequest(name), "set link " + name + " up" + where);
    }

    /**
     * Brings several links up with as few system calls as possible. Not atomic: links brought up before
     * a failure stay up; the first failure is thrown.
     */
    public void setUpAll(List<IfName> names) {
        List<MessageBuilder> requests = new ArrayList<>(names.size());
        List<String> operations = new ArrayList<>(names.size());
        for (IfName name : names) {
            requests.add(upRequest(name));
            operations.add("set link " + name + " up" + where);
        }
        socket.executeAll(requests, operations);
    }

    /** Sets the interface alias ({@code ip link set NAME alias TEXT}). */
    public void setAlias(IfName name, String alias) {
        LinkOptions.DEFAULTS.withAlias(alias); // validates the length
        socket.execute(aliasRequest(name, alias), "set alias of link " + name + where);
    }

    private static MessageBuilder aliasRequest(IfName name, String alias) {
        return LinkCodec.header(Rtnl.RTM_NEWLINK, 0, 0, false).attrString(Rtnl.IFLA_IFNAME, name.value())
                .attrString(Rtnl.IFLA_IFALIAS, alias);
    }

    private static MessageBuilder upRequest(IfName name) {
        return LinkCodec.header(Rtnl.RTM_NEWLINK, 0, 0, true).attrString(Rtnl.IFLA_IFNAME, name.value());
    }

    public void setDown(IfName name) {
        MessageBuilder m = LinkCodec.ifinfomsg(new MessageBuilder(Rtnl.RTM_NEWLINK, 0), 0, 0, Rtnl.IFF_UP)
                .attrString(Rtnl.IFLA_IFNAME, name.value());
        socket.execute(m, "set link " + name + " down" + where);
    }

    public void setMtu(IfName name, int mtu) {
        LinkOptions.DEFAULTS.withMtu(mtu); // validates the range
        change(name, false, "set MTU of " + name + " to " + mtu, m -> m.attrU32(Rtnl.IFLA_MTU, mtu));
    }

    public void setMac(IfName name, MacAddress mac) {
        LinkOptions.DEFAULTS.withMac(mac); // refuses multicast addresses
        change(name, false, "set MAC of " + name + " to " + mac, m -> m.attr(Rtnl.IFLA_ADDRESS, mac.bytes()));
    }

    /** Enslaves {@code name} to {@code master} (a bridge port, for example). */
    public void setMaster(IfName name, IfName master) {
        String operation = "attach " + name + " to " + master;
        int masterIndex = indexOf(master, operation + where + ": find link " + master);
        change(name, false, operation, m -> m.attrU32(Rtnl.IFLA_MASTER, masterIndex));
    }

    /** Brings {@code name} up and enslaves it to {@code master}, in one request. */
    public void setMasterAndUp(IfName name, IfName master) {
        String operation = "attach " + name + " to " + master + " and bring it up";
        int masterIndex = indexOf(master, operation + where + ": find link " + master);
        change(name, true, operation, m -> m.attrU32(Rtnl.IFLA_MASTER, masterIndex));
    }

    /**
     * Turns MAC learning on a bridge port on or off ({@code ip link set NAME type bridge_slave learning off}).
     * A VXLAN port with learning off keeps no stale row for a MAC that moved to another host.
     */
    public void setBridgePortLearning(IfName name, boolean learning) {
        change(name, false, (learning ? "turn on" : "turn off") + " learning on bridge port " + name, m -> {
            int linkInfo = m.beginNested(Rtnl.IFLA_LINKINFO);
            m.attrString(Rtnl.IFLA_INFO_SLAVE_KIND, "bridge");
            int data = m.beginNested(Rtnl.IFLA_INFO_SLAVE_DATA);
            m.attrU8(Rtnl.IFLA_BRPORT_LEARNING, learning ? 1 : 0);
            m.endNested(data);
            m.endNested(linkInfo);
        });
    }

    public void clearMaster(IfName name) {
        change(name, false, "detach " + name + " from its master", m -> m.attrU32(Rtnl.IFLA_MASTER, 0));
    }

    /** Moves the link into another namespace; it disappears from this one. */
    public void moveTo(IfName name, NetNs target) {
        String operation = "move link " + name + " to " + target;
        int fd = target.openDescriptor(operation);
        try {
            change(name, false, operation, m -> m.attrU32(Rtnl.IFLA_NET_NS_FD, fd));
        } finally {
            Libc.close(fd);
        }
    }

    /** Renames a link; CONFLICT if the name is taken (kernels before 6.2 also refuse while it is up). */
    public void rename(IfName from, IfName to) {
        String operation = "rename link " + from + " to " + to;
        int index = indexOf(from, operation + where + ": find link " + from);
        MessageBuilder m = LinkCodec.header(Rtnl.RTM_NEWLINK, 0, index, false).attrString(Rtnl.IFLA_IFNAME, to.value());
        socket.execute(m, operation + where);
    }

    private void change(IfName name, boolean up, String operation, java.util.function.Consumer<MessageBuilder> body) {
        MessageBuilder m = LinkCodec.header(Rtnl.RTM_NEWLINK, 0, 0, up).attrString(Rtnl.IFLA_IFNAME, name.value());
        body.accept(m);
        socket.execute(m, operation + where);
    }
}
