package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * One kept HTTP/1.1 connection to the benchmark cluster's etcd (its JSON gateway, {@code /v3/...}) from a
 * namespace: the thinnest client there is, for timing etcd's own round trips.
 */
final class EtcdHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    EtcdHttp(BenchmarkFrame frame, NetNs ns) {
        try {
            this.socket = frame.executor().call(ns, () -> {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(BenchCluster.UNDERLAY_ADDRESS, 2379), 2000);
                s.setTcpNoDelay(true);
                return s;
            });
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        } catch (IOException e) {
            throw new BenchmarkException("etcd from host 1: " + e.getMessage(), e);
        }
    }

    /** POSTs {@code body} to {@code path} and reads the whole answer; the nanoseconds it took. */
    long post(String path, String body) {
        byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: etcd\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        try {
            long start = System.nanoTime();
            out.write(request);
            out.flush();
            readAnswer();
            return System.nanoTime() - start;
        } catch (IOException e) {
            throw new BenchmarkException("etcd from host 1: " + path + ": " + e.getMessage(), e);
        }
    }

    /** A create-if-absent of {@code key}, as jnetd claims an address: compare version 0, then put. */
    long claim(String key) {
        String k = Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        return post("/v3/kv/txn", "{\"compare\":[{\"target\":\"VERSION\",\"key\":\"" + k + "\",\"version\":\"0\"}],"
                + "\"success\":[{\"requestPut\":{\"key\":\"" + k + "\",\"value\":\"MQ==\"}}],"
                + "\"failure\":[{\"requestRange\":{\"key\":\"" + k + "\"}}]}");
    }

    /** Removes every key under {@code prefix}. */
    void deletePrefix(String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] end = p.clone();
        end[end.length - 1]++;
        Base64.Encoder b64 = Base64.getEncoder();
        post("/v3/kv/deleterange", "{\"key\":\"" + b64.encodeToString(p) + "\",\"range_end\":\"" + b64.encodeToString(end) + "\"}");
    }

    /** Reads one HTTP answer, with a Content-Length or chunked; a status other than 200 is an error. */
    private void readAnswer() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("etcd closed the connection");
            }
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 200")) {
            throw new IOException("etcd answered " + head.toString().lines().findFirst().orElse(""));
        }
        int length = 0;
        boolean chunked = false;
        for (String line : head.toString().split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        if (!chunked) {
            in.readNBytes(length);
            return;
        }
        while (true) {
            int size = Integer.parseInt(readLine().strip(), 16);
            in.readNBytes(size);
            readLine();
            if (size == 0) {
                return;
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
