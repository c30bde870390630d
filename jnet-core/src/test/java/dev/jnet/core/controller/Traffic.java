package dev.jnet.core.controller;

import dev.jnet.core.model.Sandbox;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.TestKernel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Real TCP between sandboxes: a listener in one, a connection from another, both made inside them. */
final class Traffic {
    private Traffic() {}

    static NetNs ns(Sandbox sandbox) {
        return new NetNs(sandbox.name(), sandbox.namespace());
    }

    /**
     * Whether a connection from {@code client} reaches a listener in {@code server} at {@code address},
     * and the server saw it come from {@code expectedSource} (null to skip that check).
     */
    static boolean connects(Sandbox client, Sandbox server, InetAddress address) {
        try (ServerSocket listener = TestKernel.executor().call(ns(server), () -> new ServerSocket(0, 4, address))) {
            CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    return s.getInetAddress().getHostAddress();
                } catch (IOException e) {
                    return null;
                }
            });
            try {
                Socket s = TestKernel.executor().call(ns(client), () -> {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress(address, listener.getLocalPort()), 1500);
                    return socket;
                });
                s.close();
                return accepted.get(5, TimeUnit.SECONDS) != null;
            } catch (RuntimeException e) {
                return false;
            }
        } catch (Exception e) {
            throw new AssertionError("traffic check failed: " + e, e);
        }
    }
}
