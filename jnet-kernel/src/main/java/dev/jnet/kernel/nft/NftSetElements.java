package dev.jnet.kernel.nft;

import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.util.ArrayList;
import java.util.List;

/**
 * Adds and deletes elements of nftables sets and maps with jnet's own nf_tables netlink messages: one
 * batch, one write and one read, where libnftables would parse a script and refresh its cache with several
 * round trips first (0.3 to 1 ms). Values are typed ({@link NftValue}) and encoded as nft encodes them. One
 * socket per namespace, opened inside it and usable from any thread.
 */
public final class NftSetElements implements AutoCloseable {
    private final NetlinkSocket socket;
    private final String where;

    private NftSetElements(NetlinkSocket socket, String where) {
        this.socket = socket;
        this.where = where;
    }

    /** Opens the socket inside {@code ns}. */
    public static NftSetElements open(NetnsExecutor executor, NetNs ns) {
        return executor.call(ns, () -> new NftSetElements(
                NetlinkSocket.open(Netlink.NETLINK_NETFILTER, "nftables elements in " + ns), " in " + ns));
    }

    /**
     * Applies the batch as one nftables transaction: every change or none. A failure is a
     * {@link dev.jnet.kernel.KernelException} naming the change the kernel refused and its reason ({@code
     * ENOENT}: no such table or set, or no such element to delete; {@code EEXIST}: the key maps to other data).
     */
    public void apply(NftElementBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<MessageBuilder> messages = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        for (NftElementBatch.Change change : batch.changes()) {
            for (MessageBuilder m : SetElementMessages.encode(change)) {
                messages.add(m);
                operations.add(change.describe() + where);
            }
        }
        socket.executeBatch(SetElementMessages.batchBegin(), messages, SetElementMessages.batchEnd(), operations,
                "apply nftables element changes" + where);
    }

    @Override
    public void close() {
        socket.close();
    }
}
