package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Proves that a published port works end to end: a listener on the container port inside the sandbox
 * greets whoever connects, and a client in the fake host connects to {@code 127.0.0.1:HOSTPORT}, as a
 * program on a real host would, and must read that greeting. Both sockets are made on threads inside
 * their namespaces (a socket keeps the namespace it was made in); no process is started.
 *
 * @param executor makes the sockets inside the namespaces
 * @param host the fake host, whose loopback is up
 */
record PublishedPortCheck(NetnsExecutor executor, NetNs host) {
    private static final long TIMEOUT_SECONDS = 5;

    /** Fails unless {@code 127.0.0.1:hostPort} in the fake host reaches {@code containerPort} in {@code sandbox}. */
    void verify(NetNs sandbox, int hostPort, int containerPort) {
        String greeting = "jnet ports benchmark, container port " + containerPort;
        String what = "127.0.0.1:%d in the fake host to port %d in %s".formatted(hostPort, containerPort, sandbox);
        try (ServerSocketChannel listener = executor.call(sandbox, () -> listen(containerPort))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> greetOne(listener, greeting));
            String read = executor.call(host, () -> readGreeting(hostPort, greeting.length()));
            served.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!read.equals(greeting)) {
                throw new BenchmarkException(what + ": read '" + read + "', not the listener's greeting");
            }
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            throw new BenchmarkException("published port does not work, " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted while checking " + what, e);
        }
    }

    private static ServerSocketChannel listen(int port) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        return listener.bind(new InetSocketAddress("0.0.0.0", port), 1);
    }

    private static void greetOne(ServerSocketChannel listener, String greeting) {
        try (SocketChannel peer = listener.accept()) {
            ByteBuffer out = ByteBuffer.wrap(greeting.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                peer.write(out);
            }
        } catch (IOException e) {
            throw new BenchmarkException("the listener in the sandbox: " + e.getMessage(), e);
        }
    }

    private static String readGreeting(int hostPort, int length) throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET)) {
            client.socket().connect(new InetSocketAddress("127.0.0.1", hostPort), (int) (TIMEOUT_SECONDS * 1000));
            client.socket().setSoTimeout((int) (TIMEOUT_SECONDS * 1000));
            ByteBuffer in = ByteBuffer.allocate(length);
            var stream = client.socket().getInputStream();
            int n;
            while (in.hasRemaining() && (n = stream.read(in.array(), in.position(), in.remaining())) > 0) {
                in.position(in.position() + n);
            }
            return new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
        }
    }
}
