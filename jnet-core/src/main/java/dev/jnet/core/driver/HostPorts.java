package dev.jnet.core.driver;

import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;

import java.net.InetAddress;
import java.util.List;

/**
 * The host's ports, one allocator for every network (the controller's): a driver that publishes takes its
 * host ports here, so two networks can never publish the same one.
 */
public interface HostPorts {
    /**
     * Chooses host ports for every request and holds them, or holds none and throws (CONFLICT naming the
     * taken port, INVALID for an address that is not the host's). {@code defaultHostIp} stands for
     * requests that name no host address.
     */
    List<PortBinding> reserve(List<PortRequest> requests, InetAddress defaultHostIp);

    /** Gives the bindings' host ports back. */
    void release(List<PortBinding> bindings);
}
