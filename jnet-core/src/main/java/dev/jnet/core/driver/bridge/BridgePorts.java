package dev.jnet.core.driver.bridge;

import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A bridge endpoint's published ports: host ports taken from the controller's allocator on a NAT network,
 * the sandbox's own ports opened on a routed one.
 */
final class BridgePorts {
    private BridgePorts() {}

    /**
     * The bindings a join programs: on a re-join the ones the endpoint published before (still held), else
     * those chosen now for the request's ports; the caller releases them if the join fails.
     */
    static List<PortBinding> choose(JoinRequest request, BridgeOptions options) {
        if (!request.endpoint().ports().isEmpty() || request.publish().isEmpty()) {
            return request.endpoint().ports();
        }
        Network network = request.network();
        if (network.internal() || options.isolated()) {
            throw JnetException.invalid("network " + network.name() + " is " + (network.internal() ? "internal" : "isolated")
                    + ": no port can be published on it");
        }
        for (PortRequest r : request.publish()) {
            r.hostIp().filter(ip -> ip.isLoopbackAddress() && ip.getAddress().length == 16).ifPresent(ip -> {
                throw JnetException.invalid("host address ::1 cannot be used: IPv6 cannot route loopback traffic to "
                        + "a sandbox (use 127.0.0.1, or the host's own IPv6 address)");
            });
        }
        if (!options.publishesHostPorts()) {
            return routed(network, request.publish());
        }
        return request.hostPorts().reserve(request.publish(), options.hostBindingIpv4());
    }

    /**
     * A routed network opens the container's own ports and takes no host port: each binding names the
     * container port twice and holds nothing. A host address would promise a limit that routing cannot keep.
     */
    private static List<PortBinding> routed(Network network, List<PortRequest> requests) {
        List<PortBinding> out = new ArrayList<>();
        for (PortRequest r : requests) {
            if (r.hostIp().isPresent() && !r.hostIp().get().isAnyLocalAddress()) {
                throw JnetException.invalid("network " + network.name() + " is routed: ports are opened at the sandbox's "
                        + "own address, so a host address (" + IpFormat.format(r.hostIp().get()) + ") cannot be given");
            }
            InetAddress any = r.hostIp().orElse(Cidr.parseAddress("0.0.0.0"));
            for (int port = r.containerFirst(); port <= r.containerLast(); port++) {
                out.add(new PortBinding(r.protocol(), port, any, port));
            }
        }
        return out;
    }
}
