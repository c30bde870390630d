package dev.jnet.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one HTTP/1.1 response: the status line, the headers, then a body framed by
 * {@code Transfer-Encoding: chunked}, by {@code Content-Length}, or by the end of the connection.
 * Interim (1xx) responses are skipped.
 */
final class ResponseReader {
    /** Longest status or header line accepted; a real jnetd header is far shorter. */
    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;

    ResponseReader(InputStream in) {
        this.in = in;
    }

    Response read(String method) throws IOException {
        Response head = head();
        return new Response(head.status(), head.reason(), head.headers(), body(method, head.status(), head.headers()));
    }

    /** The status line and headers (after any 1xx), with the body left unread. */
    Response head() throws IOException {
        while (true) {
            String statusLine = line();
            if (statusLine == null) {
                throw new EOFException("the connection closed before a response arrived");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
                throw new ProtocolException("not an HTTP/1.1 status line: " + quote(statusLine));
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = headers();
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            return new Response(status, parts.length > 2 ? parts[2] : "", headers, new byte[0]);
        }
    }

    /**
     * Reads a body as it arrives (chunked, or to the end of the connection), handing each complete line to
     * {@code onLine} at once: for streams such as {@code GET /v1/events}. Returns when the body ends.
     */
    void lines(Map<String, String> headers, java.util.function.Consumer<String> onLine) throws IOException {
        String encoding = headers.get("Transfer-Encoding");
        boolean chunked = encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            byte[] data;
            if (chunked) {
                data = nextChunk();
                if (data == null) {
                    break;
                }
            } else {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                data = new byte[] {(byte) b};
            }
            for (byte b : data) {
                if (b == '\n') {
                    onLine.accept(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
        if (line.size() > 0) {
            onLine.accept(line.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = line(); ; line = line()) {
            if (line == null) {
                throw new EOFException("the connection closed inside the response headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("malformed header line: " + quote(line));
            }
            headers.merge(line.substring(0, colon).trim(), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
    }

    byte[] body(String method, int status, Map<String, String> headers) throws IOException {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return new byte[0];
        }
        String encoding = headers.get("Transfer-Encoding");
        if (encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            return chunked();
        }
        String length = headers.get("Content-Length");
        if (length != null) {
            if (!length.matches("\\d{1,10}") || Long.parseLong(length) > Integer.MAX_VALUE) {
                throw new ProtocolException("bad Content-Length: " + quote(length));
            }
            return exactly(Integer.parseInt(length));
        }
        return in.readAllBytes();
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk = nextChunk(); chunk != null; chunk = nextChunk()) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** The next chunk of a chunked body, or null after the last one (and its trailers). */
    private byte[] nextChunk() throws IOException {
        String sizeLine = line();
        if (sizeLine == null) {
            throw new EOFException("the connection closed inside a chunked body");
        }
        int semicolon = sizeLine.indexOf(';');
        String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
        if (!hex.matches("[0-9a-fA-F]{1,7}")) {
            throw new ProtocolException("bad chunk size: " + quote(sizeLine));
        }
        int size = Integer.parseInt(hex, 16);
        if (size == 0) {
            headers(); // trailers, if any, end with an empty line
            return null;
        }
        byte[] chunk = exactly(size);
        String end = line();
        if (end == null || !end.isEmpty()) {
            throw new ProtocolException("a chunk did not end with CRLF");
        }
        return chunk;
    }

    private byte[] exactly(int length) throws IOException {
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new EOFException("the connection closed after " + data.length + " of " + length + " body bytes");
        }
        return data;
    }

    /** A line without its CRLF (a bare LF is accepted too), or null at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw new ProtocolException("a response line is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static String quote(String s) {
        return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
    }
}
