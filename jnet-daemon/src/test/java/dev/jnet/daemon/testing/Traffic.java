package dev.jnet.daemon.testing;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.TestKernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Real TCP between sandbox namespaces: a listener in one, a connection from another, both made inside them. */
public final class Traffic {
    private Traffic() {}

    /** Whether a connection from namespace {@code client} reaches a listener in {@code server} at {@code address}. */
    public static boolean connects(Path client, Path server, InetAddress address) {
        NetNs serverNs = NetNs.at(server);
        NetNs clientNs = NetNs.at(client);
        try (ServerSocket listener = TestKernel.executor().call(serverNs, () -> new ServerSocket(0, 4, address))) {
            CompletableFuture<Boolean> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    listener.accept().close();
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            try {
                TestKernel.executor().call(clientNs, () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, listener.getLocalPort()), 1500);
                    }
                    return null;
                });
                return accepted.get(5, TimeUnit.SECONDS);
            } catch (RuntimeException e) {
                return false;
            }
        } catch (Exception e) {
            throw new AssertionError("traffic check failed: " + e, e);
        }
    }
}
