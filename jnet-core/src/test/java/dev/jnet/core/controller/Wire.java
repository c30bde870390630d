package dev.jnet.core.controller;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.TestKernel;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real TCP and UDP between any two namespaces, for checking NAT: a listener on every address of
 * {@code server}, a client in {@code client} aimed at an address and port that NAT may rewrite.
 */
final class Wire {
    private Wire() {}

    /** The source address the server saw, or empty when no connection came through. */
    static Optional<String> tcp(NetNs client, NetNs server, int listenPort, InetAddress target, int targetPort) {
        return dev.jnet.kernel.testing.TcpProbe.sourceSeen(client, server, listenPort, target, targetPort);
    }

    /** Whether a datagram sent to {@code target:targetPort} reaches the server and its echo comes back. */
    static boolean udpEcho(NetNs client, NetNs server, int listenPort, InetAddress target, int targetPort) {
        try (DatagramSocket echo = TestKernel.executor().call(server, () -> new DatagramSocket(listenPort));
             DatagramSocket sender = TestKernel.executor().call(client, DatagramSocket::new)) {
            echo.setSoTimeout(2000);
            sender.setSoTimeout(2000);
            CompletableFuture<Void> echoed = CompletableFuture.runAsync(() -> echoOnce(echo));
            byte[] ping = "ping".getBytes();
            sender.send(new DatagramPacket(ping, ping.length, target, targetPort));
            DatagramPacket reply = new DatagramPacket(new byte[16], 16);
            try {
                sender.receive(reply);
            } catch (SocketTimeoutException e) {
                return false;
            }
            echoed.join();
            return new String(reply.getData(), 0, reply.getLength()).equals("ping");
        } catch (IOException e) {
            throw new AssertionError("UDP check failed: " + e, e);
        }
    }

    private static void echoOnce(DatagramSocket socket) {
        DatagramPacket p = new DatagramPacket(new byte[16], 16);
        try {
            socket.receive(p);
            socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
        } catch (IOException e) {
            // nothing arrived: the sender sees the timeout
        }
    }
}
