package dev.jnet.bench;

import dev.jnet.kernel.netns.NetNs;

import java.util.List;

/**
 * One way of giving containers a network interface: jnet through jnetd's API or netavark, each on a bridge
 * or a macvlan network, or the CNI bridge plugin with host-local IPAM. Each timed run gets a fresh
 * {@link Trial}.
 */
sealed interface AttachMethod permits JnetAttach, NetavarkAttach, CniAttach {
    /**
     * {@code jnet}, {@code jnet-pinning}, {@code jnet-macvlan}, {@code netavark}, {@code netavark-macvlan}
     * or {@code cni}.
     */
    String name();

    /** {@code containers} fresh containers (namespaces), not yet attached; none of this is timed. */
    Trial prepare(String label, int containers);

    /**
     * The containers of one run and what the method needs to attach them. {@link #close()} removes
     * everything the run made.
     */
    interface Trial extends AutoCloseable {
        /** The containers' namespaces, in attach order. */
        List<NetNs> containers();

        /** A client for one thread: one per concurrent client. */
        Attacher client();

        /** The address (CIDR) container {@code index} was given, once attached. */
        String address(int index);

        /** The driver the containers are attached through, which says what kind of link their eth0 is. */
        default AttachDriver driver() {
            return AttachDriver.BRIDGE;
        }

        @Override
        void close();
    }

    /** Attaches containers by index; used by one thread at a time. */
    interface Attacher extends AutoCloseable {
        /** Attaches container {@code index} and records its address; throws if that failed. */
        void attach(int index);

        @Override
        default void close() {
        }
    }
}
