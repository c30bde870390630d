package dev.jnet.core.controller;

import dev.jnet.core.model.PortBinding;
import dev.jnet.error.JnetException;
import dev.jnet.net.IpFormat;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a process in the calling thread's network namespace (the host's) already holds a port: jnet
 * publishes ports without a proxy, so DNAT would silently take such a port's traffic away from it. The
 * probe binds the address and port for a moment (TCP with {@code SO_REUSEADDR}, so that a connection in
 * TIME_WAIT does not count; UDP without, as UDP servers often set it).
 */
@FunctionalInterface
interface HostPortProbe {
    /** A probe that sees every port free (for tests of the allocator alone). */
    HostPortProbe NONE = (protocol, address, port) -> false;

    boolean inUse(PortBinding.Protocol protocol, InetAddress address, int port);

    /** Binds in the calling thread's namespace; run it there. SCTP ports are not probed. */
    HostPortProbe BIND = (protocol, address, port) -> {
        try {
            switch (protocol) {
                case TCP -> {
                    try (ServerSocket s = new ServerSocket()) {
                        s.setReuseAddress(true);
                        s.bind(new InetSocketAddress(address, port), 1);
                    }
                }
                case UDP -> {
                    try (DatagramSocket s = new DatagramSocket(null)) {
                        s.setReuseAddress(false); // UDP servers often set SO_REUSEADDR: with it, the bind would pass
                        s.bind(new InetSocketAddress(address, port));
                    }
                }
                case SCTP -> {
                    return false;
                }
            }
            return false;
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("assign requested address")) {
                throw JnetException.invalid("host address " + IpFormat.format(address)
                        + " is not an address of this host; ports can only be published on the host's own addresses");
            }
            return true;
        } catch (IOException e) {
            throw JnetException.internal("cannot check host port " + port + "/" + protocol + ": " + e.getMessage(), e);
        }
    };
}
