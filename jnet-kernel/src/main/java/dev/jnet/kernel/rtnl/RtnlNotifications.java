package dev.jnet.kernel.rtnl;

import dev.jnet.kernel.netlink.NlMessage;

/**
 * Decodes the rtnetlink notifications a socket receives once it joined the link and address groups
 * ({@link #LINK_AND_ADDRESS_GROUPS}): the same messages a dump answers with, sent on every change.
 */
public final class RtnlNotifications {
    /** RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR. */
    public static final int[] LINK_AND_ADDRESS_GROUPS = {1, 5, 9};

    private RtnlNotifications() {}

    /**
     * Whether the message says a link appeared, changed or went away. Bridge-port notifications
     * (family AF_BRIDGE, without the link's alias) are not link notifications here.
     */
    public static boolean isLink(NlMessage m) {
        return (m.type() == Rtnl.RTM_NEWLINK || m.type() == Rtnl.RTM_DELLINK) && m.payload().remaining() >= Rtnl.IFINFOMSG_LENGTH
                && m.payload().get(0) == Rtnl.AF_UNSPEC;
    }

    public static boolean isAddress(NlMessage m) {
        return (m.type() == Rtnl.RTM_NEWADDR || m.type() == Rtnl.RTM_DELADDR) && m.payload().remaining() >= Rtnl.IFADDRMSG_LENGTH;
    }

    /** Whether a link or address notification says it went away. */
    public static boolean isDeletion(NlMessage m) {
        return m.type() == Rtnl.RTM_DELLINK || m.type() == Rtnl.RTM_DELADDR;
    }

    /** The link a link notification describes (as it was, for a deletion: its alias and master included). */
    public static Link link(NlMessage m) {
        return LinkCodec.decode(m);
    }

    public static Address address(NlMessage m) {
        return Addresses.decode(m);
    }
}
