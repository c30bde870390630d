package dev.jnet.core.controller;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.TestKernel;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server in a test namespace playing the host's upstream: {@code NAME.test} answers A
 * 203.0.113.N for N = 1..count encoded in the name ({@code three.test} has 3 addresses); other names are
 * NXDOMAIN. {@link Mode#SILENT} reads and never answers; {@link Mode#TRUNCATE} answers UDP with only the
 * TC bit, so that the full answer needs TCP.
 */
final class FakeUpstream implements AutoCloseable {
    enum Mode { ANSWER, SILENT, TRUNCATE }

    final AtomicInteger udpQueries = new AtomicInteger();
    final AtomicInteger tcpQueries = new AtomicInteger();
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Mode mode;

    FakeUpstream(NetNs ns, InetAddress address, Mode mode) {
        this.mode = mode;
        this.udp = TestKernel.executor().call(ns, () -> new DatagramSocket(new InetSocketAddress(address, 53)));
        this.tcp = TestKernel.executor().call(ns, () -> new ServerSocket(53, 8, address));
        Thread.ofVirtual().start(this::serveUdp);
        Thread.ofVirtual().start(this::serveTcp);
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                udp.receive(p);
                udpQueries.incrementAndGet();
                if (mode == Mode.SILENT) {
                    continue;
                }
                Message query = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Message answer = mode == Mode.TRUNCATE ? truncated(query) : answer(query);
                byte[] wire = answer.toWire();
                udp.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                tcpQueries.incrementAndGet();
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] wire = answer(new Message(query)).toWire();
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
            }
        }
    }

    static Message answer(Message query) throws IOException {
        Message m = reply(query);
        String name = query.getQuestion().getName().toString(true);
        int count = switch (name) {
            case "one.test" -> 1;
            case "three.test" -> 3;
            case "many.test" -> 60;
            default -> 0;
        };
        if (count == 0) {
            m.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        for (int i = 1; i <= count; i++) {
            m.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 60,
                    InetAddress.getByAddress(new byte[] {(byte) 203, 0, 113, (byte) i})), Section.ANSWER);
        }
        return m;
    }

    private static Message truncated(Message query) {
        Message m = reply(query);
        m.getHeader().setFlag(Flags.TC);
        return m;
    }

    private static Message reply(Message query) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RA);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        return m;
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
