package dev.jnet.kernel.nft;

import dev.jnet.kernel.netlink.MessageBuilder;
import dev.jnet.kernel.netlink.Netlink;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The nf_tables messages of a batch of element changes, as nft sends them: {@code NFT_MSG_NEWSETELEM}
 * ({@code NLM_F_CREATE}, no {@code NLM_F_EXCL}: adding what is there is no error) or
 * {@code NFT_MSG_DELSETELEM}, each naming table and set and holding a list of elements, each element a key
 * and for a map's add its data, each an {@code NFTA_DATA_VALUE}; the batch framed by
 * {@code NFNL_MSG_BATCH_BEGIN} and {@code NFNL_MSG_BATCH_END}. Every change asks for an ACK.
 */
final class SetElementMessages {
    private SetElementMessages() {}

    /**
     * Elements per message: an attribute's length is 16 bits, so one list holds at most 64 KiB; the longest
     * element (key and data of 64 bytes each, the kernel's maximum) takes 148 bytes.
     */
    static final int ELEMENTS_PER_MESSAGE = 256;

    /** The messages of one change, with one description (for errors) per message. */
    static List<MessageBuilder> encode(NftElementBatch.Change change) {
        List<MessageBuilder> messages = new ArrayList<>();
        List<NftElement> all = change.elements();
        for (int from = 0; from < all.size(); from += ELEMENTS_PER_MESSAGE) {
            messages.add(message(change, all.subList(from, Math.min(all.size(), from + ELEMENTS_PER_MESSAGE))));
        }
        return messages;
    }

    private static MessageBuilder message(NftElementBatch.Change change, List<NftElement> elements) {
        NftSet set = change.set();
        int type = change.add() ? NfNetlink.NFT_MSG_NEWSETELEM : NfNetlink.NFT_MSG_DELSETELEM;
        int flags = Netlink.NLM_F_ACK | (change.add() ? Netlink.NLM_F_CREATE : 0);
        MessageBuilder m = NfNetlink.request(type, flags, NfNetlink.family(set.family()))
                .attrString(NfNetlink.NFTA_SET_ELEM_LIST_TABLE, set.table())
                .attrString(NfNetlink.NFTA_SET_ELEM_LIST_SET, set.name());
        int list = m.beginNested(NfNetlink.NFTA_SET_ELEM_LIST_ELEMENTS);
        for (NftElement element : elements) {
            int item = m.beginNested(NfNetlink.NFTA_LIST_ELEM);
            data(m, NfNetlink.NFTA_SET_ELEM_KEY, element.key());
            if (change.add() && set.isMap()) {
                data(m, NfNetlink.NFTA_SET_ELEM_DATA, element.data());
            }
            m.endNested(item);
        }
        return m.endNested(list);
    }

    private static void data(MessageBuilder m, int attribute, List<NftValue> parts) {
        int nest = m.beginNested(attribute);
        m.attr(NfNetlink.NFTA_DATA_VALUE, bytes(parts));
        m.endNested(nest);
    }

    /**
     * A key or data as the kernel compares it: one value as it is; a concatenation with every part padded
     * with zeros to a multiple of 4 bytes (each part fills whole 32-bit registers).
     */
    static byte[] bytes(List<NftValue> parts) {
        if (parts.size() == 1) {
            return parts.getFirst().bytes();
        }
        int length = parts.stream().mapToInt(p -> Netlink.align(p.type().length())).sum();
        ByteBuffer out = ByteBuffer.allocate(length);
        for (NftValue part : parts) {
            byte[] raw = part.bytes();
            out.put(raw).position(out.position() + Netlink.align(raw.length) - raw.length);
        }
        return out.array();
    }

    /** {@code NFNL_MSG_BATCH_BEGIN} for nf_tables: the subsystem in the header's resource id, big-endian. */
    static MessageBuilder batchBegin() {
        return frame(NfNetlink.NFNL_MSG_BATCH_BEGIN);
    }

    static MessageBuilder batchEnd() {
        return frame(NfNetlink.NFNL_MSG_BATCH_END);
    }

    private static MessageBuilder frame(int type) {
        return new MessageBuilder(type, 0).putByte(0).putByte(0)
                .putByte(NfNetlink.NFNL_SUBSYS_NFTABLES >>> 8).putByte(NfNetlink.NFNL_SUBSYS_NFTABLES & 0xff);
    }
}
