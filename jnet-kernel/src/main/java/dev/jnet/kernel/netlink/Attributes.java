package dev.jnet.kernel.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The attributes of a received message or nested attribute, by type. When a type repeats, the last
 * value wins, which is what every attribute jnet reads expects.
 */
public final class Attributes {
    private final Map<Integer, ByteBuffer> values;

    private Attributes(Map<Integer, ByteBuffer> values) {
        this.values = values;
    }

    /** Parses the attributes in {@code buffer} from {@code offset} to its limit. */
    public static Attributes parse(ByteBuffer buffer, int offset) {
        ByteBuffer in = buffer.duplicate().order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> values = new HashMap<>();
        int position = offset;
        while (position + 4 <= in.limit()) {
            int length = Short.toUnsignedInt(in.getShort(position));
            int type = Short.toUnsignedInt(in.getShort(position + 2)) & Netlink.NLA_TYPE_MASK;
            if (length < 4 || position + length > in.limit()) {
                break;
            }
            values.put(type, in.slice(position + 4, length - 4).order(ByteOrder.nativeOrder()));
            position += Netlink.align(length);
        }
        return new Attributes(values);
    }

    public boolean has(int type) {
        return values.containsKey(type);
    }

    public Optional<ByteBuffer> bytes(int type) {
        return Optional.ofNullable(values.get(type)).map(ByteBuffer::duplicate);
    }

    public Optional<byte[]> raw(int type) {
        return bytes(type).map(b -> {
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        });
    }

    public OptionalInt u8(int type) {
        ByteBuffer b = values.get(type);
        return b == null || b.remaining() < 1 ? OptionalInt.empty() : OptionalInt.of(Byte.toUnsignedInt(b.get(0)));
    }

    public OptionalInt u16(int type) {
        ByteBuffer b = values.get(type);
        return b == null || b.remaining() < 2 ? OptionalInt.empty() : OptionalInt.of(Short.toUnsignedInt(b.getShort(0)));
    }

    /** A 16-bit value in network byte order. */
    public OptionalInt u16BigEndian(int type) {
        ByteBuffer b = values.get(type);
        return b == null || b.remaining() < 2 ? OptionalInt.empty()
                : OptionalInt.of(((b.get(0) & 0xff) << 8) | (b.get(1) & 0xff));
    }

    /** A 32-bit value (read as a signed int; callers that need unsigned use Integer.toUnsignedLong). */
    public OptionalInt u32(int type) {
        ByteBuffer b = values.get(type);
        return b == null || b.remaining() < 4 ? OptionalInt.empty() : OptionalInt.of(b.getInt(0));
    }

    /** A NUL-terminated (or unterminated) string. */
    public Optional<String> string(int type) {
        return raw(type).map(raw -> {
            int end = 0;
            while (end < raw.length && raw[end] != 0) {
                end++;
            }
            return new String(raw, 0, end, StandardCharsets.UTF_8);
        });
    }

    /** An IPv4 or IPv6 address held as 4 or 16 raw bytes. */
    public Optional<InetAddress> address(int type) {
        return raw(type).filter(r -> r.length == 4 || r.length == 16).map(r -> {
            try {
                return InetAddress.getByAddress(r);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("cannot happen for 4 or 16 bytes", e);
            }
        });
    }

    /** A nested attribute's own attributes. */
    public Optional<Attributes> nested(int type) {
        return Optional.ofNullable(values.get(type)).map(b -> parse(b, 0));
    }
}
