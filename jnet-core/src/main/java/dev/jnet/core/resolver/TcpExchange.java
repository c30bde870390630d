package dev.jnet.core.resolver;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A DNS query over TCP to an upstream server, from a socket made in the host's namespace: what a
 * truncated UDP answer and a client's own TCP query need. Blocking; run it on a virtual thread.
 */
final class TcpExchange {
    private final NetnsExecutor executor;
    private final NetNs host;
    private final Duration timeout;

    TcpExchange(NetnsExecutor executor, NetNs host, Duration timeout) {
        this.executor = executor;
        this.host = host;
        this.timeout = timeout;
    }

    /** The first answer from {@code servers} in order, or empty when none answers in time. */
    Optional<byte[]> ask(byte[] query, List<InetSocketAddress> servers) {
        for (InetSocketAddress server : servers) {
            try {
                return Optional.of(ask(query, server));
            } catch (IOException | RuntimeException e) {
                // this server failed: try the next
            }
        }
        return Optional.empty();
    }

    private byte[] ask(byte[] query, InetSocketAddress server) throws IOException {
        try (SocketChannel channel = executor.call(host, SocketChannel::open)) {
            Socket socket = channel.socket();
            socket.connect(server, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            write(socket.getOutputStream(), query);
            return read(socket.getInputStream());
        }
    }

    /** Writes one length-prefixed DNS message. */
    static void write(OutputStream out, byte[] message) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeShort(message.length);
        data.write(message);
        data.flush();
    }

    /** Reads one length-prefixed DNS message; EOFException at the end of the stream. */
    static byte[] read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] message = new byte[data.readUnsignedShort()];
        data.readFully(message);
        return message;
    }
}
