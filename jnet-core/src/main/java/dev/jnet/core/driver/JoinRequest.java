package dev.jnet.core.driver;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.PortRequest;
import dev.jnet.kernel.netns.NetNs;

import java.util.List;
import java.util.Objects;

/**
 * What a driver's {@link Driver#join} is asked to do.
 *
 * @param endpoint the endpoint with the addresses IPAM chose; on a re-join (reconciliation) also with the
 *     ports it published before, which the driver programs again instead of {@code publish}
 * @param sandbox the namespace of the sandbox (the host's own for host networking)
 * @param publish the ports to publish, for a driver that publishes ports ({@link Capabilities#publishesPorts})
 * @param hostPorts the host-wide allocator of host ports, which the controller owns
 * @param leaveInHost whether the sandbox's runtime moves the interface into the sandbox itself: the driver
 *     then makes it in the host namespace (a {@link SandboxLink#inHost}) and never enters the sandbox
 */
public record JoinRequest(Network network, Endpoint endpoint, NetNs sandbox, List<PortRequest> publish,
                          HostPorts hostPorts, boolean leaveInHost) {
    /** A join whose interfaces the driver makes inside the sandbox. */
    public JoinRequest(Network network, Endpoint endpoint, NetNs sandbox, List<PortRequest> publish, HostPorts hostPorts) {
        this(network, endpoint, sandbox, publish, hostPorts, false);
    }

    public JoinRequest {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(sandbox, "sandbox");
        publish = List.copyOf(publish);
        Objects.requireNonNull(hostPorts, "hostPorts");
    }
}
