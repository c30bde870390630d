package dev.jnet.kernel.rtnl;

import dev.jnet.error.ErrorKind;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.netlink.Attributes;
import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netlink.NlMessage;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 and IPv6 addresses of one namespace. IPv6 addresses are added without duplicate address
 * detection, so they are usable at once (as container runtimes do).
 */
public final class Addresses {
    private final NetlinkSocket socket;
    private final Links links;
    private final String where;

    Addresses(NetlinkSocket socket, Links links, String where) {
        this.socket = socket;
        this.links = links;
        this.where = where;
    }

    public void add(IfName link, Cidr address) {
        add(links.indexOf(link), address);
    }

    public void add(int index, Cidr address) {
        addAll(List.of(new Address(index, address, Address.SCOPE_UNIVERSE)));
    }

    /** Adds several addresses in as few system calls as possible; not atomic. */
    public void addAll(List<Address> addresses) {
        List<MessageBuilder> requests = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        for (Address a : addresses) {
            requests.add(request(Rtnl.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, a.index(), a.cidr()));
            operations.add("add address " + a.cidr() + " to link #" + a.index() + where);
        }
        socket.executeAll(requests, operations);
    }

    public void delete(IfName link, Cidr address) {
        delete(links.indexOf(link), address);
    }

    /** Deletes the address; NOT_FOUND if the link does not have it. */
    public void delete(int index, Cidr address) {
        String operation = "delete address " + address + " from link #" + index + where;
        try {
            socket.execute(request(Rtnl.RTM_DELADDR, 0, index, address), operation);
        } catch (KernelException e) {
            if (e.is(Errno.EADDRNOTAVAIL)) { // here it means "no such address", not a bad value
                throw new KernelException(ErrorKind.NOT_FOUND, e.getMessage(), Errno.EADDRNOTAVAIL);
            }
            throw e;
        }
    }

    /** Every address in the namespace, IPv4 and IPv6. */
    public List<Address> list() {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_GETADDR, Netlink.NLM_F_DUMP)
                .putByte(Rtnl.AF_UNSPEC).putByte(0).putByte(0).putByte(0).putInt(0);
        return socket.dump(request, "list addresses" + where).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWADDR).map(Addresses::decode).toList();
    }

    /**
     * Every address of one family: the kernel dumps that family's only, so a look for IPv4 addresses does
     * not read the IPv6 link-local address of each of a host's thousands of veths.
     */
    public List<Address> list(boolean ipv6) {
        MessageBuilder request = new MessageBuilder(Rtnl.RTM_GETADDR, Netlink.NLM_F_DUMP)
                .putByte(Rtnl.family(!ipv6)).putByte(0).putByte(0).putByte(0).putInt(0);
        return socket.dump(request, "list " + (ipv6 ? "IPv6" : "IPv4") + " addresses" + where).stream()
                .filter(m -> m.type() == Rtnl.RTM_NEWADDR).map(Addresses::decode).toList();
    }

    /** The addresses of one link. */
    public List<Address> list(IfName link) {
        int index = links.indexOf(link);
        return list().stream().filter(a -> a.index() == index).toList();
    }

    private static MessageBuilder request(int type, int flags, int index, Cidr cidr) {
        boolean v4 = cidr.isIpv4();
        MessageBuilder m = new MessageBuilder(type, flags)
                .putByte(Rtnl.family(v4)).putByte(cidr.prefixLength()).putByte(v4 ? 0 : Rtnl.IFA_F_NODAD)
                .putByte(Address.SCOPE_UNIVERSE).putInt(index)
                .attrAddress(Rtnl.IFA_LOCAL, cidr.address())
                .attrAddress(Rtnl.IFA_ADDRESS, cidr.address());
        if (v4 && cidr.prefixLength() < 31 && type == Rtnl.RTM_NEWADDR) {
            m.attrAddress(Rtnl.IFA_BROADCAST, broadcast(cidr));
        }
        if (!v4) {
            m.attrU32(Rtnl.IFA_FLAGS, Rtnl.IFA_F_NODAD);
        }
        return m;
    }

    private static InetAddress broadcast(Cidr cidr) {
        byte[] raw = cidr.address().getAddress();
        for (int bit = cidr.prefixLength(); bit < 32; bit++) {
            raw[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot happen for 4 bytes", e);
        }
    }

    static Address decode(NlMessage m) {
        int prefix = Byte.toUnsignedInt(m.payload().get(1));
        int scope = Byte.toUnsignedInt(m.payload().get(3));
        int index = m.payload().getInt(4);
        Attributes a = m.attributes(Rtnl.IFADDRMSG_LENGTH);
        InetAddress address = a.address(Rtnl.IFA_LOCAL).or(() -> a.address(Rtnl.IFA_ADDRESS))
                .orElseThrow(() -> new IllegalStateException("address message without an address"));
        return new Address(index, new Cidr(address, prefix), scope);
    }
}
