package dev.jnet.core.resolver;

import dev.jnet.core.model.SandboxId;
import org.xbill.DNS.Message;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One client's TCP connection to a sandbox's resolver, on a virtual thread of its own: length-prefixed
 * queries answered in turn, locally or by asking upstream over TCP, until the client closes or stays
 * idle for ten seconds.
 */
final class TcpSession implements Runnable {
    private static final int IDLE_MILLIS = 10_000;
    private final SocketChannel client;
    private final SandboxId sandbox;
    private final Supplier<NameTable> table;
    private final LocalAnswers local;
    private final TcpExchange upstream;

    TcpSession(SocketChannel client, SandboxId sandbox, Supplier<NameTable> table, LocalAnswers local, TcpExchange upstream) {
        this.client = client;
        this.sandbox = sandbox;
        this.table = table;
        this.local = local;
        this.upstream = upstream;
    }

    @Override
    public void run() {
        try (SocketChannel channel = client) {
            channel.configureBlocking(true);
            Socket socket = channel.socket();
            socket.setSoTimeout(IDLE_MILLIS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] query = TcpExchange.read(in);
                Optional<byte[]> answer = answer(query);
                if (answer.isEmpty()) {
                    return; // unparseable and unanswerable: end the connection
                }
                TcpExchange.write(out, answer.get());
            }
        } catch (EOFException | SocketTimeoutException e) {
            // the client is done
        } catch (IOException | RuntimeException e) {
            // a broken connection ends this session only
        }
    }

    private Optional<byte[]> answer(byte[] query) {
        Optional<Message> parsed = Wire.parse(query);
        if (parsed.isEmpty()) {
            return Wire.formatError(query);
        }
        NameTable now = table.get();
        Optional<Message> mine = local.answer(parsed.get(), sandbox, now);
        if (mine.isPresent()) {
            return Optional.of(mine.get().toWire(65535));
        }
        return Optional.of(upstream.ask(query, now.upstreams(sandbox)).orElseGet(() -> Wire.serverFailure(parsed.get())));
    }
}
