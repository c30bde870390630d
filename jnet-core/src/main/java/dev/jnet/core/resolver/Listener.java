package dev.jnet.core.resolver;

import dev.jnet.core.model.SandboxId;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One sandbox's resolver sockets on 127.0.0.11:53, made inside the sandbox's namespace (call {@link #open}
 * there): one UDP socket per resolver loop ({@code SO_REUSEPORT}) and one TCP socket. An idle sandbox
 * costs these sockets and no thread. A network that answers at its gateway has the same at that address,
 * in the namespace that holds it, under an id of its own.
 *
 * <p>Docker listens at free ports and DNATs 127.0.0.11:53 to them, so that a container may bind port 53
 * on every address itself. jnet binds 127.0.0.11:53 directly: a per-sandbox nftables table would need a
 * libnftables context made late in the process's life, and libnftables aborts the process when its
 * socket's descriptor is above 1023 (it uses {@code select}). docs/dns.md says what this means for users.
 */
record Listener(SandboxId sandbox, List<DatagramChannel> udp, ServerSocketChannel tcp) implements AutoCloseable {
    static final InetSocketAddress ADDRESS = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.11"), 53);

    Listener {
        udp = List.copyOf(udp);
    }

    /** Opens and binds the sockets in the calling thread's namespace. */
    static Listener open(SandboxId sandbox, int udpSockets) throws IOException {
        return open(sandbox, ADDRESS, udpSockets);
    }

    /** {@link #open(SandboxId, int)} at another address ({@code address}, a network's gateway). */
    static Listener open(SandboxId sandbox, InetSocketAddress address, int udpSockets) throws IOException {
        List<DatagramChannel> udp = new ArrayList<>();
        ServerSocketChannel tcp = null;
        try {
            for (int i = 0; i < udpSockets; i++) {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                udp.add(channel);
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, udpSockets > 1);
                channel.bind(address);
                channel.configureBlocking(false);
            }
            tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
            tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            tcp.bind(address, 64);
            tcp.configureBlocking(false);
            return new Listener(sandbox, udp, tcp);
        } catch (IOException | RuntimeException e) {
            new Listener(sandbox, udp, tcp).close();
            throw e;
        }
    }

    @Override
    public void close() {
        for (DatagramChannel channel : udp) {
            closeQuietly(channel);
        }
        if (tcp != null) {
            closeQuietly(tcp);
        }
    }

    private static void closeQuietly(java.io.Closeable channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing: nothing more to do
        }
    }
}
