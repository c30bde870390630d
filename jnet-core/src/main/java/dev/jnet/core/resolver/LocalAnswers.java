package dev.jnet.core.resolver;

import dev.jnet.core.model.SandboxId;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers from the name table, by Docker's rules: a name known on a network the sandbox shares gets all
 * its addresses of the asked family, rotated on every answer (round robin); a known name without an
 * address of that type gets NODATA (no error, no answer) rather than being forwarded; PTR queries for
 * addresses on shared networks get {@code sandbox.network.}. Anything else is not answered here.
 */
final class LocalAnswers {
    static final long TTL = 600;
    private final AtomicInteger rotation = new AtomicInteger();

    /** The answer, or empty when the query must go upstream. */
    Optional<Message> answer(Message query, SandboxId sandbox, NameTable table) {
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getOpcode() != Opcode.QUERY || question.getDClass() != DClass.IN) {
            return Optional.empty();
        }
        Name name = question.getName();
        int type = question.getType();
        if (type == Type.PTR) {
            return reverse(name).flatMap(a -> table.pointer(sandbox, a)).map(target -> pointer(query, target));
        }
        List<InetAddress> addresses = table.lookup(sandbox, name.toString(true));
        if (addresses.isEmpty()) {
            return Optional.empty();
        }
        Message response = reply(query, Rcode.NOERROR);
        for (InetAddress a : rotated(addresses.stream().filter(a -> matches(type, a)).toList())) {
            response.addRecord(a instanceof Inet4Address v4 ? new ARecord(name, DClass.IN, TTL, v4)
                    : new AAAARecord(name, DClass.IN, TTL, a), Section.ANSWER);
        }
        return Optional.of(response);
    }

    private static boolean matches(int type, InetAddress a) {
        return type == Type.ANY || (type == Type.A) == (a instanceof Inet4Address) && (type == Type.A || type == Type.AAAA);
    }

    /** The addresses in the order of the next answer: round robin over every answer given. */
    List<InetAddress> rotated(List<InetAddress> addresses) {
        if (addresses.size() < 2) {
            return addresses;
        }
        int start = Math.floorMod(rotation.getAndIncrement(), addresses.size());
        List<InetAddress> out = new ArrayList<>(addresses.subList(start, addresses.size()));
        out.addAll(addresses.subList(0, start));
        return out;
    }

    private static Optional<InetAddress> reverse(Name name) {
        try {
            return Optional.of(ReverseMap.fromName(name));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Message pointer(Message query, String target) {
        Message response = reply(query, Rcode.NOERROR);
        try {
            response.addRecord(new PTRRecord(query.getQuestion().getName(), DClass.IN, TTL, Name.fromString(target)),
                    Section.ANSWER);
        } catch (TextParseException e) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
        }
        return response;
    }

    /** A response to {@code query}: same id and question, authoritative, recursion available. */
    static Message reply(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setRcode(rcode);
        if (query.getQuestion() != null) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        return response;
    }
}
