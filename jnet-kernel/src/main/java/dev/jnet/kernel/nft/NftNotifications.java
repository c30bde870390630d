package dev.jnet.kernel.nft;

import dev.jnet.kernel.netlink.Attributes;
import dev.jnet.kernel.netlink.NlMessage;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the notifications of the nftables group into {@link NftCommit}s: the kernel sends one message
 * per changed object, then {@code NFT_MSG_NEWGEN} naming the generation and who committed it. Stateful:
 * feed it every message in order, from one thread.
 */
public final class NftNotifications {
    /** The group to join on a {@code NETLINK_NETFILTER} socket. */
    public static final int GROUP = NfNetlink.NFNLGRP_NFTABLES;

    private final Set<String> tables = new HashSet<>();

    /** Takes one message; returns the commit it completes, if it is the generation message. */
    public Optional<NftCommit> accept(NlMessage m) {
        if (m.type() >> 8 != NfNetlink.NFNL_SUBSYS_NFTABLES || m.payload().remaining() < NfNetlink.NFGENMSG_LENGTH) {
            return Optional.empty();
        }
        int message = m.type() & 0xff;
        Attributes a = m.attributes(NfNetlink.NFGENMSG_LENGTH);
        if (message == NfNetlink.NFT_MSG_NEWGEN) {
            NftCommit commit = new NftCommit(Integer.toUnsignedLong(NfNetlink.u32BigEndian(a.bytes(NfNetlink.NFTA_GEN_ID)).orElse(0)),
                    NfNetlink.u32BigEndian(a.bytes(NfNetlink.NFTA_GEN_PROC_PID)).orElse(0),
                    a.string(NfNetlink.NFTA_GEN_PROC_NAME).orElse(""), tables);
            tables.clear();
            return Optional.of(commit);
        }
        if (message != NfNetlink.NFT_MSG_TRACE) {
            a.string(NfNetlink.NFTA_TABLE).ifPresent(t -> tables.add(NfNetlink.familyName(Byte.toUnsignedInt(m.payload().get(0))) + " " + t));
        }
        return Optional.empty();
    }

    /** Forgets a half-received transaction (after notifications were lost). */
    public void reset() {
        tables.clear();
    }
}
