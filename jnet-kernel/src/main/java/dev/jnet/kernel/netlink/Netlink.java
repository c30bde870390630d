package dev.jnet.kernel.netlink;

/** Numbers from {@code linux/netlink.h}: message types, header flags and extended-ACK attributes. */
public final class Netlink {
    private Netlink() {}

    public static final int HEADER_LENGTH = 16;
    public static final int ALIGNTO = 4;

    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_XFRM = 6;
    public static final int NETLINK_NETFILTER = 12;
    public static final int NETLINK_GENERIC = 16;

    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;

    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_APPEND = 0x800;
    /** On an error message: only the header of the failed request is quoted. */
    public static final int NLM_F_CAPPED = 0x100;
    /** On an error message: extended-ACK attributes follow the quoted request. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    public static final int NLMSGERR_ATTR_MSG = 1;

    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_TYPE_MASK = 0x3fff;

    /** Rounds up to netlink's 4-byte alignment. */
    public static int align(int length) {
        return (length + ALIGNTO - 1) & ~(ALIGNTO - 1);
    }
}
