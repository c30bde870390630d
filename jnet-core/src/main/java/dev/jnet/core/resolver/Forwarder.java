package dev.jnet.core.resolver;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Queries the sandboxes' upstream servers over UDP from sockets made in the host's namespace, one per
 * address family, shared by all sandboxes. Each forwarded query gets a fresh id; an answer is accepted
 * only from the server asked. A server silent past the timeout is replaced by the next one; when none is
 * left the client gets SERVFAIL. A truncated answer is asked again over TCP. Runs on the resolver loop.
 */
final class Forwarder {
    private final NetnsExecutor executor;
    private final NetNs host;
    private final Selector selector;
    private final Duration timeout;
    private final TcpExchange tcp;
    private final Random random = new Random();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private DatagramChannel v4;
    private DatagramChannel v6;

    /** A query waiting for an upstream answer. */
    private record Pending(byte[] query, List<InetSocketAddress> servers, int server, long deadline,
                           Consumer<byte[]> reply) {
        InetSocketAddress target() {
            return servers.get(server);
        }
    }

    Forwarder(NetnsExecutor executor, NetNs host, Selector selector, Duration timeout) {
        this.executor = executor;
        this.host = host;
        this.selector = selector;
        this.timeout = timeout;
        this.tcp = new TcpExchange(executor, host, timeout);
    }

    /** Sends {@code query} upstream; {@code reply} gets the answer (original id) or SERVFAIL, once. */
    void forward(byte[] query, List<InetSocketAddress> servers, Consumer<byte[]> reply, byte[] servfail) {
        if (servers.isEmpty()) {
            reply.accept(servfail);
            return;
        }
        send(new Pending(query, servers, 0, 0, reply), servfail);
    }

    private void send(Pending p, byte[] servfail) {
        for (int server = p.server(); server < p.servers().size(); server++) {
            int id = freshId();
            Pending next = new Pending(p.query(), p.servers(), server, System.nanoTime() + timeout.toNanos(), p.reply());
            try {
                channelFor(next.target()).send(ByteBuffer.wrap(Wire.withId(p.query(), id)), next.target());
                pending.put(id, next);
                return;
            } catch (IOException | RuntimeException e) {
                // unreachable server: try the next one at once
            }
        }
        p.reply().accept(servfail);
    }

    private int freshId() {
        int id;
        do {
            id = random.nextInt(0x10000);
        } while (pending.containsKey(id));
        return id;
    }

    private DatagramChannel channelFor(InetSocketAddress server) throws IOException {
        boolean ipv4 = server.getAddress() instanceof Inet4Address;
        if (ipv4 ? v4 == null : v6 == null) {
            DatagramChannel channel = executor.call(host, () -> DatagramChannel.open(
                    ipv4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
            if (ipv4) {
                v4 = channel;
            } else {
                v6 = channel;
            }
        }
        return ipv4 ? v4 : v6;
    }

    /** Reads every answer waiting on {@code channel} (the loop calls this when it is readable). */
    void readAnswers(DatagramChannel channel, ByteBuffer buffer) throws IOException {
        while (true) {
            buffer.clear();
            SocketAddress from = channel.receive(buffer);
            if (from == null) {
                return;
            }
            buffer.flip();
            if (buffer.remaining() < 12) {
                continue;
            }
            byte[] answer = new byte[buffer.remaining()];
            buffer.get(answer);
            Pending p = pending.get(Wire.id(answer));
            if (p == null || !p.target().equals(from)) {
                continue; // late, duplicate or spoofed
            }
            pending.remove(Wire.id(answer));
            byte[] original = Wire.withId(answer, Wire.id(p.query()));
            if (Wire.truncated(answer)) {
                Thread.ofVirtual().name("jnet-dns-tcp").start(() ->
                        p.reply().accept(tcp.ask(p.query(), List.of(p.target())).orElse(original)));
            } else {
                p.reply().accept(original);
            }
        }
    }

    /** Moves queries whose server stayed silent on to the next server, or fails them. */
    void expire(UnaryOperator<byte[]> servfail) {
        long now = System.nanoTime();
        List<Pending> late = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now - p.deadline() > 0) {
                it.remove();
                late.add(p);
            }
        }
        late.forEach(p -> send(new Pending(p.query(), p.servers(), p.server() + 1, 0, p.reply()), servfail.apply(p.query())));
    }

    void close() {
        for (DatagramChannel c : new DatagramChannel[] {v4, v6}) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }
}
