package dev.jnet.kernel.nft;

import dev.jnet.kernel.netlink.MessageBuilder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Numbers from {@code linux/netfilter/nfnetlink.h} and {@code nf_tables.h}, and the nfgenmsg header. */
final class NfNetlink {
    private NfNetlink() {}

    static final int NFNL_SUBSYS_NFTABLES = 10;
    /** The multicast group of nftables changes. */
    static final int NFNLGRP_NFTABLES = 7;
    /** struct nfgenmsg: family, version, resource id. */
    static final int NFGENMSG_LENGTH = 4;
    /** The messages that open and close a batch (NLMSG_MIN_TYPE and the next). */
    static final int NFNL_MSG_BATCH_BEGIN = 0x10;
    static final int NFNL_MSG_BATCH_END = 0x11;

    static final int NFT_MSG_NEWTABLE = 0;
    static final int NFT_MSG_GETTABLE = 1;
    static final int NFT_MSG_NEWCHAIN = 3;
    static final int NFT_MSG_GETCHAIN = 4;
    static final int NFT_MSG_NEWRULE = 6;
    static final int NFT_MSG_GETRULE = 7;
    static final int NFT_MSG_NEWSETELEM = 12;
    static final int NFT_MSG_GETSETELEM = 13;
    static final int NFT_MSG_DELSETELEM = 14;
    static final int NFT_MSG_NEWGEN = 15;
    static final int NFT_MSG_TRACE = 17;

    /** Attribute 1 names the table in table, chain, rule, set, element, object and flowtable messages. */
    static final int NFTA_TABLE = 1;
    static final int NFTA_CHAIN_NAME = 3;
    static final int NFTA_RULE_CHAIN = 2;
    static final int NFTA_RULE_HANDLE = 3;
    static final int NFTA_SET_ELEM_LIST_TABLE = 1;
    static final int NFTA_SET_ELEM_LIST_SET = 2;
    static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
    static final int NFTA_LIST_ELEM = 1;
    static final int NFTA_SET_ELEM_KEY = 1;
    static final int NFTA_SET_ELEM_DATA = 2;
    static final int NFTA_DATA_VALUE = 1;
    static final int NFTA_GEN_ID = 1;
    static final int NFTA_GEN_PROC_PID = 2;
    static final int NFTA_GEN_PROC_NAME = 3;

    /** nftables families by the name nft gives them. */
    static final Map<String, Integer> FAMILIES = Map.of("ip", 2, "ip6", 10, "inet", 1, "arp", 3, "bridge", 7, "netdev", 5);

    static String familyName(int family) {
        return FAMILIES.entrySet().stream().filter(e -> e.getValue() == family).map(Map.Entry::getKey)
                .findFirst().orElse("family " + family);
    }

    static int family(String name) {
        Integer family = FAMILIES.get(name);
        if (family == null) {
            throw new IllegalArgumentException("unknown nftables family " + name);
        }
        return family;
    }

    static int type(int message) {
        return (NFNL_SUBSYS_NFTABLES << 8) | message;
    }

    /** A request of the nftables subsystem for one family: the nfgenmsg header, attributes to follow. */
    static MessageBuilder request(int message, int flags, int family) {
        return new MessageBuilder(type(message), flags).putByte(family).putByte(0).putShort(0);
    }

    /** A 32-bit attribute in network byte order, as nftables sends them. */
    static OptionalInt u32BigEndian(Optional<ByteBuffer> value) {
        return value.filter(b -> b.remaining() >= 4)
                .map(b -> OptionalInt.of(b.order(ByteOrder.BIG_ENDIAN).getInt(0))).orElse(OptionalInt.empty());
    }
}
