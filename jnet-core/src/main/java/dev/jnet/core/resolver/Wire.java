package dev.jnet.core.resolver;

import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;

import java.io.IOException;
import java.util.Optional;

/** DNS messages on the wire: parsing that never throws, FORMERR for what cannot be parsed, UDP sizes. */
final class Wire {
    /** Largest datagram read; bigger ones arrive cut and fail to parse. */
    static final int MAX_DATAGRAM = 4096;

    private Wire() {}

    static Optional<Message> parse(byte[] data) {
        try {
            return Optional.of(new Message(data));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** FORMERR with the query's id, if the query is long enough to have one; else nothing (drop it). */
    static Optional<byte[]> formatError(byte[] query) {
        if (query.length < Header.LENGTH || (query[2] & 0x80) != 0) {
            return Optional.empty(); // no header, or itself a response: never answer those
        }
        Message m = new Message(((query[0] & 0xff) << 8) | (query[1] & 0xff));
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setRcode(Rcode.FORMERR);
        return Optional.of(m.toWire());
    }

    static byte[] serverFailure(Message query) {
        return LocalAnswers.reply(query, Rcode.SERVFAIL).toWire();
    }

    /** What a UDP client can take: 512 bytes, or the EDNS payload size it announced. */
    static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), MAX_DATAGRAM));
    }

    /** {@code response} cut to {@code limit} bytes with the TC bit set, if it is longer. */
    static byte[] fit(byte[] response, int limit) {
        if (response.length <= limit) {
            return response;
        }
        return parse(response).map(m -> m.toWire(limit)).orElse(response);
    }

    static int id(byte[] message) {
        return ((message[0] & 0xff) << 8) | (message[1] & 0xff);
    }

    static byte[] withId(byte[] message, int id) {
        byte[] copy = message.clone();
        copy[0] = (byte) (id >> 8);
        copy[1] = (byte) id;
        return copy;
    }

    static boolean truncated(byte[] response) {
        return response.length > 2 && (response[2] & 0x02) != 0;
    }
}
