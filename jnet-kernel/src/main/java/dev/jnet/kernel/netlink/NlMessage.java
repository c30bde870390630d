package dev.jnet.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message.
 *
 * @param type the message type ({@code RTM_NEWLINK}, {@code NLMSG_ERROR}, ...)
 * @param flags header flags
 * @param sequence the sequence number of the request it answers
 * @param payload the bytes after the header, positioned at 0, in host byte order
 */
public record NlMessage(int type, int flags, int sequence, ByteBuffer payload) {

    /** Splits one datagram into its messages. A truncated or malformed message ends the list. */
    public static List<NlMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NlMessage> messages = new ArrayList<>();
        while (in.remaining() >= Netlink.HEADER_LENGTH) {
            int start = in.position();
            int length = in.getInt(start);
            if (length < Netlink.HEADER_LENGTH || length > in.remaining()) {
                break;
            }
            int type = Short.toUnsignedInt(in.getShort(start + 4));
            int flags = Short.toUnsignedInt(in.getShort(start + 6));
            int sequence = in.getInt(start + 8);
            ByteBuffer payload = in.slice(start + Netlink.HEADER_LENGTH, length - Netlink.HEADER_LENGTH)
                    .order(ByteOrder.nativeOrder());
            messages.add(new NlMessage(type, flags, sequence, payload));
            in.position(Math.min(in.limit(), start + Netlink.align(length)));
        }
        return messages;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** The attributes that follow a fixed family header of {@code headerLength} bytes. */
    public Attributes attributes(int headerLength) {
        return Attributes.parse(payload, Netlink.align(headerLength));
    }

    /**
     * For {@code NLMSG_ERROR} and {@code NLMSG_DONE}: the error code, 0 for success or a negative errno.
     */
    public int errorCode() {
        return payload.remaining() >= 4 ? payload.getInt(0) : 0;
    }

    /** For {@code NLMSG_ERROR} with extended ACK: the kernel's text explaining the error, or null. */
    public String extendedMessage() {
        if (!hasFlag(Netlink.NLM_F_ACK_TLVS) || payload.remaining() < 4) {
            return null;
        }
        int offset = 4;
        if (type == Netlink.NLMSG_ERROR) {
            if (payload.remaining() < 4 + Netlink.HEADER_LENGTH) {
                return null;
            }
            int quoted = hasFlag(Netlink.NLM_F_CAPPED) ? Netlink.HEADER_LENGTH : payload.getInt(4);
            offset += Netlink.align(quoted);
        }
        if (offset > payload.remaining()) {
            return null;
        }
        return Attributes.parse(payload, offset).string(Netlink.NLMSGERR_ATTR_MSG).orElse(null);
    }
}
