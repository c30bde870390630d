package dev.jnet.cli.client;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** Sends one request over a fresh connection to jnetd's Unix socket and reads the answer. */
final class UnixHttp {
    private final Path socket;

    UnixHttp(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    Response exchange(Request request) {
        try (SocketChannel channel = connect()) {
            ByteBuffer out = ByteBuffer.wrap(request.encode());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            return new ResponseReader(new BufferedInputStream(Channels.newInputStream(channel))).read(request.method());
        } catch (IOException e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "lost the connection to jnetd at " + socket
                    + " during " + request + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends a request whose answer is a stream of lines and hands each to {@code onLine} as it arrives,
     * until the stream ends; an error status becomes the daemon's error, as for {@link #exchange}.
     */
    void stream(Request request, java.util.function.Consumer<String> onLine) {
        try (SocketChannel channel = connect()) {
            ByteBuffer out = ByteBuffer.wrap(request.encode());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ResponseReader reader = new ResponseReader(new BufferedInputStream(Channels.newInputStream(channel)));
            Response head = reader.head();
            if (!head.isSuccess()) {
                throw ApiError.of(new Response(head.status(), head.reason(), head.headers(),
                        reader.body(request.method(), head.status(), head.headers())));
            }
            reader.lines(head.headers(), onLine);
        } catch (IOException e) {
            throw new JnetException(ErrorKind.UNAVAILABLE, "lost the connection to jnetd at " + socket
                    + " during " + request + ": " + e.getMessage(), e);
        }
    }

    private SocketChannel connect() {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw cannotConnect(e);
        }
    }

    private JnetException cannotConnect(IOException e) {
        String reason = String.valueOf(e.getMessage());
        if (reason.contains("Permission denied")) {
            return new JnetException(ErrorKind.FORBIDDEN, "cannot connect to jnetd at " + socket + ": permission denied "
                    + "(run jnet as root, or as a member of jnetd's --group; see docs/troubleshooting.md)", e);
        }
        return new JnetException(ErrorKind.UNAVAILABLE, "cannot connect to jnetd at " + socket
                + ": is it running? (start it with bin/jnetd)", e);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // it never connected; nothing is lost
            }
        }
    }
}
