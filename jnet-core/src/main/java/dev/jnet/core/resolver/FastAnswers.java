package dev.jnet.core.resolver;

import dev.jnet.core.model.SandboxId;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The common case written straight in wire format, without parsing into objects: one plain A or AAAA
 * question (no compression, class IN, at most an EDNS OPT record beside it) about a name the sandbox
 * knows. The answer echoes the question byte for byte and follows {@link LocalAnswers}' rules (all
 * addresses, rotated; NODATA when the family has none). Anything else returns empty and takes the
 * general path.
 */
final class FastAnswers {
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private static final int HEADER = 12;

    private FastAnswers() {}

    static Optional<byte[]> answer(byte[] q, SandboxId sandbox, NameTable table, LocalAnswers local) {
        if (q.length < HEADER + 5 || (q[2] & 0xf8) != 0 || u16(q, 4) != 1 || u16(q, 6) != 0 || u16(q, 8) != 0
                || u16(q, 10) > 1) {
            return Optional.empty(); // a response, another opcode, or not exactly one question
        }
        StringBuilder name = new StringBuilder();
        int at = HEADER;
        while (q[at] != 0) {
            int length = q[at] & 0xff;
            if (length > 63 || at + 1 + length >= q.length || name.length() + length > 253) {
                return Optional.empty(); // a compression pointer, a bad label or a cut query
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            for (int i = at + 1; i <= at + length; i++) {
                char c = (char) (q[i] & 0xff);
                name.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
            at += 1 + length;
        }
        int questionEnd = at + 5;
        if (questionEnd > q.length || u16(q, at + 3) != 1 || (u16(q, 10) == 0 && questionEnd != q.length)) {
            return Optional.empty();
        }
        int type = u16(q, at + 1);
        if (type != TYPE_A && type != TYPE_AAAA) {
            return Optional.empty();
        }
        List<InetAddress> all = table.lookup(sandbox, name.toString());
        if (all.isEmpty()) {
            return Optional.empty(); // not local: forwarded by the general path
        }
        List<InetAddress> matching = all;
        if (!all.stream().allMatch(a -> (a instanceof Inet4Address) == (type == TYPE_A))) {
            matching = new ArrayList<>();
            for (InetAddress a : all) {
                if ((a instanceof Inet4Address) == (type == TYPE_A)) {
                    matching.add(a);
                }
            }
        }
        int size = questionEnd + matching.size() * (type == TYPE_A ? 16 : 28);
        if (size > 512) {
            return Optional.empty(); // needs truncation rules: the general path
        }
        return Optional.of(write(q, questionEnd, local.rotated(matching), type, size));
    }

    private static byte[] write(byte[] q, int questionEnd, List<InetAddress> answers, int type, int size) {
        byte[] r = new byte[size];
        System.arraycopy(q, 0, r, 0, questionEnd);
        r[2] = (byte) (0x84 | (q[2] & 0x01)); // QR, AA, and RD as asked
        r[3] = (byte) 0x80;                    // RA, NOERROR
        r[6] = 0;
        r[7] = (byte) answers.size();
        r[10] = 0;
        r[11] = 0;
        int at = questionEnd;
        for (InetAddress a : answers) {
            byte[] address = a.getAddress();
            r[at] = (byte) 0xc0;               // the name: a pointer to the question's
            r[at + 1] = HEADER;
            r[at + 3] = (byte) type;
            r[at + 5] = 1;                     // class IN
            r[at + 8] = (byte) (LocalAnswers.TTL >> 8);
            r[at + 9] = (byte) LocalAnswers.TTL;
            r[at + 11] = (byte) address.length;
            System.arraycopy(address, 0, r, at + 12, address.length);
            at += 12 + address.length;
        }
        return r;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
