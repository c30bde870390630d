package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a peer (netavark, the CNI bridge plugin) runs against in one timed run: a throwaway fake host
 * namespace, where the plugin runs and puts its bridge, host-side veths and any firewall rules; fresh
 * container namespaces; and a private directory for its configuration and IPAM state. {@link #close()}
 * removes all three; the kernel then tears the links down with the namespaces.
 */
final class PeerHost implements AutoCloseable {
    private final ThrowawayNamespaces namespaces;
    private final NetNs host;
    private final List<NetNs> containers;
    private final Path directory;

    private PeerHost(ThrowawayNamespaces namespaces, NetNs host, List<NetNs> containers, Path directory) {
        this.namespaces = namespaces;
        this.host = host;
        this.containers = containers;
        this.directory = directory;
    }

    static PeerHost create(ThrowawayNamespaces namespaces, String label, int containers) {
        Path directory = namespaces.directory(label);
        NetNs host = namespaces.create(label + "-host");
        List<NetNs> made = new ArrayList<>(containers);
        PeerHost peerHost = new PeerHost(namespaces, host, made, directory);
        try {
            for (int i = 0; i < containers; i++) {
                made.add(namespaces.create(label + "-c"));
            }
        } catch (RuntimeException e) {
            peerHost.close();
            throw e;
        }
        return peerHost;
    }

    NetNs host() {
        return host;
    }

    List<NetNs> containers() {
        return List.copyOf(containers);
    }

    Path directory() {
        return directory;
    }

    /** {@code command} run inside the fake host, so that what it changes on "the host" lands there. */
    List<String> inHost(List<String> command) {
        return ThrowawayNamespaces.inside(host, command);
    }

    @Override
    public void close() {
        for (NetNs container : containers) {
            namespaces.delete(container);
        }
        namespaces.delete(host);
        namespaces.deleteDirectory(directory);
    }
}
