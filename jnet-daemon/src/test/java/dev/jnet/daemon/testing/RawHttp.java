package dev.jnet.daemon.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes written to a Unix socket as they are, and the first HTTP answer read back, within a time limit: for
 * requests no well-behaved client would send (bad request lines, conflicting lengths, traversal paths). The
 * request is written while the answer is read, so a server that answers before reading all of it is heard.
 */
public final class RawHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RawHttp() {}

    /**
     * What came back: the status (-1 if no complete answer came within the limit), headers (lower-case
     * names), the body, how long it took, and whether the server closed the connection (after an answer,
     * only checked when the answer says {@code Connection: close}).
     */
    public record Answer(int status, Map<String, String> headers, String body, Duration took, boolean closed) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The {@code message} of a JSON error answer, or null when the body is not one. */
        public String message() {
            try {
                JsonNode json = json();
                return json != null && json.isObject() && json.size() == 1 && json.path("message").isString()
                        ? json.path("message").asString() : null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    public static Answer exchange(Path socket, String request, Duration limit) {
        return exchange(socket, request.getBytes(StandardCharsets.ISO_8859_1), limit);
    }

    public static Answer exchange(Path socket, byte[] request, Duration limit) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
             Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            ByteBuffer out = ByteBuffer.wrap(request);
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            boolean closed = false;
            while (System.nanoTime() < deadline) {
                selector.selectedKeys().clear();
                if (selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)) == 0) {
                    continue;
                }
                if (key.isWritable() && out.hasRemaining()) {
                    try {
                        channel.write(out);
                    } catch (IOException e) {
                        out.position(out.limit()); // the server answered and closed before reading it all
                    }
                }
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                if (key.isReadable()) {
                    int n;
                    try {
                        n = channel.read(in);
                    } catch (IOException e) {
                        n = -1; // reset after an answer to a request whose body was not read
                    }
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    received.write(in.array(), 0, n);
                    in.clear();
                    String raw = received.toString(StandardCharsets.ISO_8859_1);
                    if (complete(raw)) {
                        closed = saysClose(raw) && closesSoon(channel, selector, key);
                        break;
                    }
                }
            }
            return parse(received.toString(StandardCharsets.ISO_8859_1), Duration.ofNanos(System.nanoTime() - started), closed);
        } catch (IOException e) {
            throw new UncheckedIOException("exchange on " + socket, e);
        }
    }

    private static boolean saysClose(String raw) {
        return "close".equalsIgnoreCase(headers(raw.substring(0, raw.indexOf("\r\n\r\n"))).get("connection"));
    }

    /** After a complete answer that says {@code Connection: close}: whether the server does close within a moment. */
    private static boolean closesSoon(SocketChannel channel, Selector selector, SelectionKey key) throws IOException {
        key.interestOps(SelectionKey.OP_READ);
        selector.selectedKeys().clear();
        if (selector.select(200) == 0) {
            return false;
        }
        try {
            return channel.read(ByteBuffer.allocate(1)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean complete(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Map<String, String> headers = headers(raw.substring(0, end));
        String length = headers.get("content-length");
        if (length != null) {
            return raw.length() - end - 4 >= Integer.parseInt(length);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return raw.endsWith("0\r\n\r\n");
        }
        return false; // read to the end
    }

    private static Answer parse(String raw, Duration took, boolean closed) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0 || !raw.startsWith("HTTP/1.")) {
            return new Answer(-1, Map.of(), raw, took, closed);
        }
        String head = raw.substring(0, end);
        int status = Integer.parseInt(head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"))
                .split(" ")[1]);
        byte[] body = raw.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        return new Answer(status, headers(head), new String(body, StandardCharsets.UTF_8), took, closed);
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new TreeMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        return headers;
    }
}
