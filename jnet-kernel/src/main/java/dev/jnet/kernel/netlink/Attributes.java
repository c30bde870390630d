package dev.jnet.kernel.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The attributes of a received message or nested attribute, by type. When a type repeats, the last
 * value wins, which is what every attribute jnet reads expects. Parsing only notes where each value is
 * (a link message has some 50 attributes, a dump thousands of messages, and a reader asks for a few):
 * values are read or sliced when asked for.
 */
public final class Attributes {
    private final ByteBuffer in;
    /** Per attribute, in order: type, offset of its value in {@code in}, length of its value. */
    private final int[] found;
    private final int count;

    private Attributes(ByteBuffer in, int[] found, int count) {
        this.in = in;
        this.found = found;
        this.count = count;
    }

    /** Parses the attributes in {@code buffer} from {@code offset} to its limit. */
    public static Attributes parse(ByteBuffer buffer, int offset) {
        ByteBuffer in = buffer.duplicate().order(ByteOrder.nativeOrder());
        int[] found = new int[3 * 16];
        int count = 0;
        int position = offset;
        while (position + 4 <= in.limit()) {
            int length = Short.toUnsignedInt(in.getShort(position));
            int type = Short.toUnsignedInt(in.getShort(position + 2)) & Netlink.NLA_TYPE_MASK;
            if (length < 4 || position + length > in.limit()) {
                break;
            }
            if (3 * count == found.length) {
                found = Arrays.copyOf(found, 2 * found.length);
            }
            found[3 * count] = type;
            found[3 * count + 1] = position + 4;
            found[3 * count + 2] = length - 4;
            count++;
            position += Netlink.align(length);
        }
        return new Attributes(in, found, count);
    }

    /** The index of the type's last occurrence, -1 if it has none. */
    private int last(int type) {
        for (int i = count - 1; i >= 0; i--) {
            if (found[3 * i] == type) {
                return i;
            }
        }
        return -1;
    }

    /** The offset of the type's value if it has at least {@code size} bytes, else -1. */
    private int at(int type, int size) {
        int i = last(type);
        return i < 0 || found[3 * i + 2] < size ? -1 : found[3 * i + 1];
    }

    private ByteBuffer value(int type) {
        int i = last(type);
        return i < 0 ? null : in.slice(found[3 * i + 1], found[3 * i + 2]).order(ByteOrder.nativeOrder());
    }

    public boolean has(int type) {
        return last(type) >= 0;
    }

    public Optional<ByteBuffer> bytes(int type) {
        return Optional.ofNullable(value(type));
    }

    public Optional<byte[]> raw(int type) {
        int i = last(type);
        if (i < 0) {
            return Optional.empty();
        }
        byte[] out = new byte[found[3 * i + 2]];
        in.get(found[3 * i + 1], out);
        return Optional.of(out);
    }

    public OptionalInt u8(int type) {
        int at = at(type, 1);
        return at < 0 ? OptionalInt.empty() : OptionalInt.of(Byte.toUnsignedInt(in.get(at)));
    }

    public OptionalInt u16(int type) {
        int at = at(type, 2);
        return at < 0 ? OptionalInt.empty() : OptionalInt.of(Short.toUnsignedInt(in.getShort(at)));
    }

    /** A 16-bit value in network byte order. */
    public OptionalInt u16BigEndian(int type) {
        int at = at(type, 2);
        return at < 0 ? OptionalInt.empty() : OptionalInt.of(((in.get(at) & 0xff) << 8) | (in.get(at + 1) & 0xff));
    }

    /** A 32-bit value (read as a signed int; callers that need unsigned use Integer.toUnsignedLong). */
    public OptionalInt u32(int type) {
        int at = at(type, 4);
        return at < 0 ? OptionalInt.empty() : OptionalInt.of(in.getInt(at));
    }

    /** A NUL-terminated (or unterminated) string. */
    public Optional<String> string(int type) {
        int i = last(type);
        if (i < 0) {
            return Optional.empty();
        }
        int from = found[3 * i + 1];
        int end = from;
        while (end < from + found[3 * i + 2] && in.get(end) != 0) {
            end++;
        }
        byte[] text = new byte[end - from];
        in.get(from, text);
        return Optional.of(new String(text, StandardCharsets.UTF_8));
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
        return Optional.ofNullable(value(type)).map(b -> parse(b, 0));
    }
}
