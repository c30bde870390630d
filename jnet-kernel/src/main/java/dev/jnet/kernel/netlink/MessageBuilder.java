package dev.jnet.kernel.netlink;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes one netlink request: the 16-byte header, a fixed family header (ifinfomsg, rtmsg, ...) put
 * with the {@code put} methods, then attributes, nested where needed. Host byte order unless a method
 * says network order. The socket fills in length, sequence and port id when it sends.
 */
public final class MessageBuilder {
    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final int type;
    private final int flags;

    public MessageBuilder(int type, int flags) {
        this.type = type;
        this.flags = flags | Netlink.NLM_F_REQUEST;
        buffer.position(Netlink.HEADER_LENGTH);
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public MessageBuilder putByte(int value) {
        ensure(1).put((byte) value);
        return this;
    }

    public MessageBuilder putShort(int value) {
        ensure(2).putShort((short) value);
        return this;
    }

    public MessageBuilder putInt(int value) {
        ensure(4).putInt(value);
        return this;
    }

    public MessageBuilder attr(int attrType, byte[] value) {
        int length = 4 + value.length;
        ensure(Netlink.align(length));
        buffer.putShort((short) length).putShort((short) attrType).put(value);
        pad();
        return this;
    }

    public MessageBuilder attrU8(int attrType, int value) {
        return attr(attrType, new byte[] {(byte) value});
    }

    public MessageBuilder attrU16(int attrType, int value) {
        ensure(8);
        buffer.putShort((short) 6).putShort((short) attrType).putShort((short) value);
        pad();
        return this;
    }

    /** A 16-bit value in network byte order (ports, VLAN protocols). */
    public MessageBuilder attrU16BigEndian(int attrType, int value) {
        return attr(attrType, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    public MessageBuilder attrU32(int attrType, int value) {
        ensure(8);
        buffer.putShort((short) 8).putShort((short) attrType).putInt(value);
        return this;
    }

    /** A NUL-terminated string. */
    public MessageBuilder attrString(int attrType, String value) {
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[raw.length + 1];
        System.arraycopy(raw, 0, withNul, 0, raw.length);
        return attr(attrType, withNul);
    }

    /** An address as its 4 or 16 raw bytes. */
    public MessageBuilder attrAddress(int attrType, InetAddress address) {
        return attr(attrType, address.getAddress());
    }

    /** Opens a nested attribute; close it with {@link #endNested(int)} passing the returned mark. */
    public int beginNested(int attrType) {
        ensure(4);
        int mark = buffer.position();
        buffer.putShort((short) 0).putShort((short) (attrType | Netlink.NLA_F_NESTED));
        return mark;
    }

    public MessageBuilder endNested(int mark) {
        buffer.putShort(mark, (short) (buffer.position() - mark));
        return this;
    }

    /** The finished message with its header, ready to send; {@code buffer} remains usable. */
    public ByteBuffer finish(int sequence, int portId) {
        ByteBuffer out = buffer.duplicate().order(ByteOrder.nativeOrder());
        int length = buffer.position();
        out.putInt(0, length)
                .putShort(4, (short) type)
                .putShort(6, (short) flags)
                .putInt(8, sequence)
                .putInt(12, portId);
        out.position(0).limit(length);
        return out;
    }

    private void pad() {
        while ((buffer.position() & (Netlink.ALIGNTO - 1)) != 0) {
            buffer.put((byte) 0);
        }
    }

    private ByteBuffer ensure(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                    .order(ByteOrder.nativeOrder());
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
        return buffer;
    }
}
