package dev.jnet.kernel.nft;

import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.netlink.Attributes;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netlink.NlMessage;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts what an nftables table holds (rules per chain, elements per set) straight over nfnetlink dumps,
 * without libnftables turning the ruleset into text: a check that a table still looks as expected then
 * costs a few microseconds per element instead of a listing. One socket per namespace, opened inside it.
 */
public final class NftInventory implements AutoCloseable {
    private final NetlinkSocket socket;
    private final String where;

    private NftInventory(NetlinkSocket socket, String where) {
        this.socket = socket;
        this.where = where;
    }

    /** Opens the counting socket inside {@code ns}. */
    public static NftInventory open(NetnsExecutor executor, NetNs ns) {
        return executor.call(ns, () -> new NftInventory(
                NetlinkSocket.open(Netlink.NETLINK_NETFILTER, "nftables counts in " + ns), " in " + ns));
    }

    /**
     * The chains of table {@code family name} with their rule counts, and the element counts of those of
     * {@code sets} that exist; empty if the table does not exist.
     */
    public Optional<TableCounts> count(String family, String table, Collection<String> sets) {
        int f = NfNetlink.family(family);
        String what = "table " + family + " " + table + where;
        if (!exists(f, table, what)) {
            return Optional.empty();
        }
        Map<String, Integer> rules = new HashMap<>();
        for (NlMessage m : socket.dump(NfNetlink.request(NfNetlink.NFT_MSG_GETCHAIN, Netlink.NLM_F_DUMP, f), "list chains of " + what)) {
            Attributes a = m.attributes(NfNetlink.NFGENMSG_LENGTH);
            if (m.type() == NfNetlink.type(NfNetlink.NFT_MSG_NEWCHAIN) && a.string(NfNetlink.NFTA_TABLE).orElse("").equals(table)) {
                a.string(NfNetlink.NFTA_CHAIN_NAME).ifPresent(chain -> rules.put(chain, 0));
            }
        }
        var ruleDump = NfNetlink.request(NfNetlink.NFT_MSG_GETRULE, Netlink.NLM_F_DUMP, f).attrString(NfNetlink.NFTA_TABLE, table);
        for (NlMessage m : socket.dump(ruleDump, "list rules of " + what)) {
            if (m.type() == NfNetlink.type(NfNetlink.NFT_MSG_NEWRULE)) {
                m.attributes(NfNetlink.NFGENMSG_LENGTH).string(NfNetlink.NFTA_RULE_CHAIN)
                        .ifPresent(chain -> rules.merge(chain, 1, Integer::sum));
            }
        }
        Map<String, Integer> elements = new HashMap<>();
        for (String set : sets) {
            elements(f, table, set, what).ifPresent(n -> elements.put(set, n));
        }
        return Optional.of(new TableCounts(rules, elements));
    }

    /**
     * Every table of every family, as {@code family name} ({@code ip filter}, {@code inet jnet}): one small
     * dump, without their sets' elements (libnftables' {@code list tables} fetches those too).
     */
    public List<String> tables() {
        List<String> tables = new ArrayList<>();
        for (NlMessage m : socket.dump(NfNetlink.request(NfNetlink.NFT_MSG_GETTABLE, Netlink.NLM_F_DUMP, 0), "list tables" + where)) {
            if (m.type() == NfNetlink.type(NfNetlink.NFT_MSG_NEWTABLE)) {
                String family = NfNetlink.familyName(Byte.toUnsignedInt(m.payload().get(0)));
                m.attributes(NfNetlink.NFGENMSG_LENGTH).string(NfNetlink.NFTA_TABLE).ifPresent(t -> tables.add(family + " " + t));
            }
        }
        return tables;
    }

    /**
     * Whether rule {@code handle} is in {@code chain} of table {@code family name}: one request, whatever
     * the table holds (libnftables would fetch the whole ruleset first for any command naming a handle).
     */
    public boolean hasRule(String family, String table, String chain, long handle) {
        byte[] be64 = java.nio.ByteBuffer.allocate(8).putLong(handle).array();
        var request = NfNetlink.request(NfNetlink.NFT_MSG_GETRULE, 0, NfNetlink.family(family))
                .attrString(NfNetlink.NFTA_TABLE, table).attrString(NfNetlink.NFTA_RULE_CHAIN, chain)
                .attr(NfNetlink.NFTA_RULE_HANDLE, be64);
        try {
            socket.request(request, "find rule " + handle + " of chain " + chain + " of table " + family + " " + table + where);
            return true;
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT)) {
                return false;
            }
            throw e;
        }
    }

    private boolean exists(int family, String table, String what) {
        try {
            socket.request(NfNetlink.request(NfNetlink.NFT_MSG_GETTABLE, 0, family).attrString(NfNetlink.NFTA_TABLE, table),
                    "find " + what);
            return true;
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT)) {
                return false;
            }
            throw e;
        }
    }

    /** How many elements the set holds; empty if it does not exist. */
    private Optional<Integer> elements(int family, String table, String set, String what) {
        var request = NfNetlink.request(NfNetlink.NFT_MSG_GETSETELEM, Netlink.NLM_F_DUMP, family)
                .attrString(NfNetlink.NFTA_TABLE, table).attrString(NfNetlink.NFTA_SET_ELEM_LIST_SET, set);
        try {
            int count = 0;
            for (NlMessage m : socket.dump(request, "list elements of set " + set + " of " + what)) {
                if (m.type() == NfNetlink.type(NfNetlink.NFT_MSG_NEWSETELEM)) {
                    count += m.attributes(NfNetlink.NFGENMSG_LENGTH).bytes(NfNetlink.NFTA_SET_ELEM_LIST_ELEMENTS)
                            .map(NftInventory::countAttributes).orElse(0);
                }
            }
            return Optional.of(count);
        } catch (KernelException e) {
            if (e.is(Errno.ENOENT)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The number of attributes in a nested attribute's payload (each element is one). */
    private static int countAttributes(ByteBuffer payload) {
        ByteBuffer nested = payload.order(ByteOrder.nativeOrder());
        int count = 0;
        int position = 0;
        while (position + 4 <= nested.limit()) {
            int length = Short.toUnsignedInt(nested.getShort(position));
            if (length < 4 || position + length > nested.limit()) {
                break;
            }
            count++;
            position += Netlink.align(length);
        }
        return count;
    }

    @Override
    public void close() {
        socket.close();
    }
}
