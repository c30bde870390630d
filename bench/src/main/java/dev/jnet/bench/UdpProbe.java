package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.netns.NetnsExecutor;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * When packets start to arrive: a UDP socket bound in one namespace (before the path to it exists), and a
 * sender in another namespace firing a datagram at the first one's future address every 200 µs until one
 * arrives. {@link #firstArrival} is the {@code System.nanoTime()} of that arrival.
 */
final class UdpProbe implements AutoCloseable {
    static final int PORT = 9999;
    private static final long INTERVAL_NANOS = 200_000;

    private final DatagramSocket receiver;
    private final DatagramSocket sender;
    private final InetSocketAddress target;
    private volatile boolean arrived;
    private Thread sending;
    private final java.util.concurrent.CompletableFuture<Long> arrival = new java.util.concurrent.CompletableFuture<>();

    private UdpProbe(DatagramSocket receiver, DatagramSocket sender, InetSocketAddress target) {
        this.receiver = receiver;
        this.sender = sender;
        this.target = target;
    }

    /** A probe whose receiver listens in {@code receiverNs} and whose sender in {@code senderNs} aims at {@code address}. */
    static UdpProbe open(NetnsExecutor executor, NetNs receiverNs, NetNs senderNs, InetAddress address) {
        DatagramSocket receiver = executor.call(receiverNs, () -> new DatagramSocket(new InetSocketAddress(PORT)));
        try {
            DatagramSocket sender = executor.call(senderNs, DatagramSocket::new);
            return new UdpProbe(receiver, sender, new InetSocketAddress(address, PORT));
        } catch (RuntimeException e) {
            receiver.close();
            throw e;
        }
    }

    /**
     * Starts receiving, then sending (errors such as "no route" while the path is not there are expected and
     * ignored); the receiver notes the arrival at once, also one before the caller's connect answered.
     */
    void startSending() {
        Thread.ofPlatform().daemon().name("udp-probe-receiver").start(() -> {
            try {
                receiver.receive(new DatagramPacket(new byte[8], 8));
                arrival.complete(System.nanoTime());
            } catch (IOException e) {
                arrival.completeExceptionally(e);
            } finally {
                arrived = true;
            }
        });
        sending = Thread.ofPlatform().daemon().name("udp-probe").start(() -> {
            byte[] payload = new byte[8];
            DatagramPacket packet = new DatagramPacket(payload, payload.length, target);
            while (!arrived) {
                try {
                    sender.send(packet);
                } catch (IOException e) {
                    // not reachable yet
                }
                LockSupport.parkNanos(INTERVAL_NANOS);
            }
        });
    }

    /** The nanoTime of the first datagram's arrival; BenchmarkException if none came within {@code timeout}. */
    long firstArrival(Duration timeout) {
        try {
            return arrival.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new BenchmarkException("no packet reached " + target + " within " + timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BenchmarkException("receiving at " + target + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkException("interrupted");
        }
    }

    @Override
    public void close() {
        arrived = true;
        if (sending != null) {
            try {
                sending.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sender.close();
        receiver.close();
    }
}
