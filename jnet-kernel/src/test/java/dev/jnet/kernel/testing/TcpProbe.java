package dev.jnet.kernel.testing;

import dev.jnet.kernel.netns.NetNs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One real TCP connection between two namespaces, for checking NAT: a listener on every address of
 * {@code server}, a client in {@code client} aimed at an address and port that NAT may rewrite.
 */
public final class TcpProbe {
    private TcpProbe() {}

    /** The source address the server saw, or empty when no connection came through. */
    public static Optional<String> sourceSeen(NetNs client, NetNs server, int listenPort, InetAddress target,
                                              int targetPort) {
        try (ServerSocket listener = TestKernel.executor().call(server, () -> new ServerSocket(listenPort, 4))) {
            CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    return s.getInetAddress().getHostAddress();
                } catch (IOException e) {
                    return null;
                }
            });
            try {
                TestKernel.executor().call(client, () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(target, targetPort), 1500);
                    }
                    return null;
                });
                return Optional.ofNullable(accepted.get(5, TimeUnit.SECONDS));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        } catch (Exception e) {
            throw new AssertionError("TCP check failed: " + e, e);
        }
    }
}
