package dev.jnet.core.resolver;

import dev.jnet.core.model.SandboxId;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;

/**
 * One sandbox's resolver sockets: UDP and TCP on 127.0.0.11:53, made inside the sandbox's namespace
 * (call {@link #open} there) and served by the shared loop; an idle sandbox costs two sockets.
 *
 * <p>Docker listens at free ports and DNATs 127.0.0.11:53 to them, so that a container may bind port 53
 * on every address itself. jnet binds 127.0.0.11:53 directly: a per-sandbox nftables table would need a
 * libnftables context made late in the process's life, and libnftables aborts the process when its
 * socket's descriptor is above 1023 (it uses {@code select}). docs/dns.md says what this means for users.
 */
record Listener(SandboxId sandbox, DatagramChannel udp, ServerSocketChannel tcp) implements AutoCloseable {
    static final InetSocketAddress ADDRESS = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.11"), 53);

    /** Opens and binds both sockets in the calling thread's namespace. */
    static Listener open(SandboxId sandbox) throws IOException {
        DatagramChannel udp = DatagramChannel.open(StandardProtocolFamily.INET);
        ServerSocketChannel tcp = null;
        try {
            udp.bind(ADDRESS);
            udp.configureBlocking(false);
            tcp = ServerSocketChannel.open(StandardProtocolFamily.INET);
            tcp.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            tcp.bind(ADDRESS, 64);
            tcp.configureBlocking(false);
            return new Listener(sandbox, udp, tcp);
        } catch (IOException | RuntimeException e) {
            udp.close();
            if (tcp != null) {
                tcp.close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            udp.close();
        } catch (IOException ignored) {
            // closing: nothing more to do
        }
        try {
            tcp.close();
        } catch (IOException ignored) {
            // closing: nothing more to do
        }
    }
}
