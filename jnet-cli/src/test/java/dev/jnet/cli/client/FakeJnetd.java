package dev.jnet.cli.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for jnetd in tests: an HTTP/1.1 server on a temporary Unix socket that records each request
 * and answers it with whatever the test's handler returns, as raw bytes (so a test can send chunked or
 * broken answers too).
 */
public final class FakeJnetd implements AutoCloseable {
    /** A request as the fake received it. */
    public record Received(String method, String target, Map<String, String> headers, String body) {}

    private final ServerSocketChannel server;
    private final Path socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, byte[]> handler;
    private final Thread acceptor;

    private FakeJnetd(Path socket, Function<Received, byte[]> handler) throws IOException {
        this.socket = socket;
        this.handler = handler;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.acceptor = Thread.ofPlatform().daemon().name("fake-jnetd").start(this::accept);
    }

    /** Starts a fake on {@code directory/jnet.sock}. */
    public static FakeJnetd start(Path directory, Function<Received, byte[]> handler) throws IOException {
        return new FakeJnetd(directory.resolve("jnet.sock"), handler);
    }

    public Path socket() {
        return socket;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public void answer(Function<Received, byte[]> newHandler) {
        this.handler = newHandler;
    }

    /** An answer with a Content-Length. */
    public static byte[] reply(int status, String json) {
        String reason = switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\n"
                + (status == 204 ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                + "\r\n";
        return status == 204 ? head.getBytes(StandardCharsets.US_ASCII) : concat(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    /** An error answer as jnetd writes it. */
    public static byte[] error(int status, String message) {
        return reply(status, "{\"message\":\"" + message.replace("\"", "\\\"") + "\"}");
    }

    /** An answer with {@code Transfer-Encoding: chunked}, the body cut into pieces of {@code size} bytes. */
    public static byte[] chunked(int status, String json, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("HTTP/1.1 " + status + " OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at < body.length; at += size) {
            int n = Math.min(size, body.length - at);
            out.writeBytes((Integer.toHexString(n) + ";ext=1\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\nX-Trailer: yes\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private void accept() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
                Received request = read(in);
                received.add(request);
                ByteBuffer answer = ByteBuffer.wrap(handler.apply(request));
                while (answer.hasRemaining()) {
                    connection.write(answer);
                }
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static Received read(InputStream in) throws IOException {
        String[] requestLine = line(in).split(" ");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Received(requestLine[0], requestLine[1], headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the client closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(socket);
    }
}
