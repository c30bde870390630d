package dev.jnet.kernel.rtnl;

/**
 * Numbers from the kernel's uapi headers: {@code linux/rtnetlink.h}, {@code if_link.h}, {@code if_addr.h},
 * {@code neighbour.h} and {@code if_ether.h}.
 */
final class Rtnl {
    private Rtnl() {}

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_BRIDGE = 7;
    static final int AF_INET6 = 10;

    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTM_NEWNEIGH = 28;
    static final int RTM_DELNEIGH = 29;
    static final int RTM_GETNEIGH = 30;

    /** struct ifinfomsg, ifaddrmsg, rtmsg, ndmsg sizes. */
    static final int IFINFOMSG_LENGTH = 16;
    static final int IFADDRMSG_LENGTH = 8;
    static final int RTMSG_LENGTH = 12;
    static final int NDMSG_LENGTH = 12;

    static final int IFF_UP = 0x1;
    static final int IFF_LOWER_UP = 0x10000;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_LINK = 5;
    static final int IFLA_MASTER = 10;
    static final int IFLA_OPERSTATE = 16;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_AF_SPEC = 26;
    /** In IFLA_AF_SPEC's AF_INET6 part: the device's IPv6 settings, an s32 per DEVCONF_* index. */
    static final int IFLA_INET6_CONF = 2;
    static final int DEVCONF_DISABLE_IPV6 = 26;
    static final int IFLA_IFALIAS = 20;
    static final int IFLA_NET_NS_FD = 28;
    static final int IFLA_EXT_MASK = 29;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_INFO_SLAVE_KIND = 4;
    static final int IFLA_INFO_SLAVE_DATA = 5;
    /** In a bridge port's IFLA_INFO_SLAVE_DATA: whether the bridge learns source MACs on this port (u8). */
    static final int IFLA_BRPORT_LEARNING = 8;
    /** RTEXT_FILTER_SKIP_STATS: leave the statistics out of link dumps. */
    static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    static final int VETH_INFO_PEER = 1;
    static final int IFLA_BR_MCAST_SNOOPING = 23;
    static final int IFLA_BR_MULTI_BOOLOPT = 46;
    static final int BR_BOOLOPT_NO_LL_LEARN = 0;
    static final int IFLA_VXLAN_ID = 1;
    static final int IFLA_VXLAN_LINK = 3;
    static final int IFLA_VXLAN_LOCAL = 4;
    static final int IFLA_VXLAN_LEARNING = 7;
    static final int IFLA_VXLAN_PROXY = 11;
    static final int IFLA_VXLAN_PORT = 15;
    static final int IFLA_VXLAN_LOCAL6 = 17;
    static final int IFLA_MACVLAN_MODE = 1;
    static final int IFLA_IPVLAN_MODE = 1;
    /** u16, IPVLAN_F_* (if_link.h). */
    static final int IFLA_IPVLAN_FLAGS = 2;
    static final int IFLA_VLAN_ID = 1;
    /** Big-endian u16, an ETH_P_* value (if_link.h). */
    static final int IFLA_VLAN_PROTOCOL = 5;
    /** 802.1Q tags ({@code linux/if_ether.h}). */
    static final int ETH_P_8021Q = 0x8100;

    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_BROADCAST = 4;
    static final int IFA_FLAGS = 8;
    static final int IFA_F_NODAD = 0x02;

    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_PREFSRC = 7;
    static final int RTA_TABLE = 15;
    static final int RTPROT_BOOT = 3;
    static final int RTN_UNICAST = 1;

    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    static final int NDA_MASTER = 9;

    static int family(boolean ipv4) {
        return ipv4 ? AF_INET : AF_INET6;
    }
}
