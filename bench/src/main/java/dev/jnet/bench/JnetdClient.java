package dev.jnet.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A small HTTP/1.1 client of jnetd's Unix socket on one kept-alive connection, as a runtime's client
 * would hold one: a connection is opened on first use and again after the server closes it. Not
 * thread-safe: each concurrent client of the benchmark has its own.
 */
final class JnetdClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path socket;
    private SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

    JnetdClient(Path socket) {
        this.socket = socket;
    }

    /** An answer: its status and body. */
    record Response(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    Response get(String path) {
        return exchange("GET", path, null);
    }

    Response post(String path, String body) {
        return exchange("POST", path, body);
    }

    Response delete(String path) {
        return exchange("DELETE", path, null);
    }

    /** {@code post} that fails unless the answer is 2xx. */
    JsonNode postOk(String path, String body) {
        Response r = post(path, body);
        if (!r.ok()) {
            throw new BenchmarkException("POST " + path + " " + body + ": " + r.status() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : r.json();
    }

    /** {@code delete} that fails unless the answer is 2xx. */
    void deleteOk(String path) {
        Response r = delete(path);
        if (!r.ok()) {
            throw new BenchmarkException("DELETE " + path + ": " + r.status() + " " + r.body());
        }
    }

    /** One request; retried once on a fresh connection if a kept-alive one turns out to be closed. */
    Response exchange(String method, String path, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: jnet\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        byte[] request = concat(head.toString().getBytes(StandardCharsets.US_ASCII), bytes);
        boolean fresh = channel == null;
        try {
            return send(request);
        } catch (IOException e) {
            closeChannel();
            if (fresh) {
                throw new BenchmarkException(method + " " + path + " on " + socket + ": " + e.getMessage(), e);
            }
            try {
                return send(request);
            } catch (IOException again) {
                closeChannel();
                throw new BenchmarkException(method + " " + path + " on " + socket + ": " + again.getMessage(), again);
            }
        }
    }

    private Response send(byte[] request) throws IOException {
        if (channel == null) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            in.clear();
        }
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return readResponse();
    }

    /** Reads one answer with a Content-Length (jnetd's all have one, but 204); closes if the server says so. */
    private Response readResponse() throws IOException {
        ByteArrayOutputStream buffered = new ByteArrayOutputStream();
        int headEnd;
        while ((headEnd = indexOfHeadEnd(buffered)) < 0) {
            fill(buffered);
        }
        byte[] sofar = buffered.toByteArray();
        String head = new String(sofar, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int length = -1;
        boolean close = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].toLowerCase(Locale.ROOT);
            if (line.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            } else if (line.startsWith("connection:") && line.contains("close")) {
                close = true;
            } else if (line.startsWith("transfer-encoding:")) {
                throw new IOException("unexpected " + lines[i] + " from jnetd");
            }
        }
        if (status == 204 || status == 304) {
            length = 0; // no body by definition
        } else if (length < 0) {
            throw new IOException("jnetd answered without a Content-Length: " + head);
        }
        int bodyStart = headEnd + 4;
        while (buffered.size() < bodyStart + length) {
            fill(buffered);
        }
        sofar = buffered.toByteArray();
        String body = new String(sofar, bodyStart, length, StandardCharsets.UTF_8);
        if (close || sofar.length > bodyStart + length) { // nothing pipelined, so extra bytes mean confusion
            closeChannel();
        }
        return new Response(status, body);
    }

    private void fill(ByteArrayOutputStream buffered) throws IOException {
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            throw new IOException("jnetd closed the connection");
        }
        buffered.write(in.array(), 0, n);
    }

    private static int indexOfHeadEnd(ByteArrayOutputStream buffered) {
        byte[] b = buffered.toByteArray();
        for (int i = 0; i + 3 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the connection is gone either way
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        closeChannel();
    }
}
