package dev.jnet.kernel.rtnl;

import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.util.Optional;

/**
 * A link as the kernel reports it.
 *
 * @param index the interface index; 0 for a link {@link Links#createAll} made into another namespace
 * @param kind the link kind ({@code bridge}, {@code veth}, ...), empty for physical and loopback links
 * @param up whether the administrative state is up (IFF_UP)
 * @param carrier whether the link has carrier (IFF_LOWER_UP)
 * @param masterIndex the bridge (or other master) this link is enslaved to, 0 for none
 * @param parentIndex the parent link (IFLA_LINK: the peer of a veth, the lower link of a macvlan), 0 for none
 * @param operState the RFC 2863 operational state as {@code ip} prints it ({@code UP}, {@code DOWN}, ...)
 * @param alias the interface alias, empty if none
 * @param ipv6 whether IPv6 is on for the link ({@code net.ipv6.conf.NAME.disable_ipv6}, as netlink reports
 *     it: reading it there costs no path lookup under {@code /proc/sys}, which grows with the namespaces)
 */
public record Link(int index, IfName name, String kind, int mtu, Optional<MacAddress> mac, boolean up,
                   boolean carrier, int masterIndex, int parentIndex, String operState, String alias, Ipv6 ipv6) {

    /** A link's IPv6: on, turned off ({@code disable_ipv6} = 1), or none at all (a kernel without IPv6). */
    public enum Ipv6 { ON, OFF, NONE }
}
