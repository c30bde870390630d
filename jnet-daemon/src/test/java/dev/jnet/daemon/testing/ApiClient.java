package dev.jnet.daemon.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately small HTTP/1.1 client over a Unix socket (a JDK SocketChannel), one connection per
 * request. The body is sent from another thread while the answer is read, so a server that answers
 * before reading a large body is heard.
 */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path socket;

    public ApiClient(Path socket) {
        this.socket = socket;
    }

    /** An answer: status, headers (lower-case names) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        /** The {@code message} of an error answer. */
        public String message() {
            return json().path("message").asString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response get(String path) {
        return request("GET", path, null);
    }

    public Response post(String path, String body) {
        return request("POST", path, body);
    }

    public Response delete(String path) {
        return request("DELETE", path, null);
    }

    public Response request(String method, String path, String body) {
        return raw(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public Response raw(String method, String path, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: jnet\r\nConnection: close\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    write(channel, headBytes);
                    if (body != null) {
                        write(channel, body);
                    }
                } catch (IOException ignored) {
                    // the server answered early and closed: what it said is what matters
                }
            });
            byte[] answer = readAll(channel);
            writer.join();
            return parse(new String(answer, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException("request " + method + " " + path + " on " + socket, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                if (out.size() > 0) {
                    break; // reset after a complete answer to a request whose body was not read
                }
                throw e;
            }
            if (n < 0) {
                break;
            }
            out.write(buffer.array(), 0, n);
            buffer.clear();
        }
        return out.toByteArray();
    }

    private static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete HTTP answer: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String body = raw.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return new Response(status, headers, new String(bytes, StandardCharsets.UTF_8));
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
