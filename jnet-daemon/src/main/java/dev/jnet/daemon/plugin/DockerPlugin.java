package dev.jnet.daemon.plugin;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.PortRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxRuntime;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.core.model.Scope;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What dockerd's remote driver calls mean for jnet. A Docker network is a jnet network named
 * {@code docker-ID}, labelled with Docker's id; a Docker endpoint, once joined, is a sandbox {@code docker-ID}
 * in dockerd's namespace for the container, owned by the runtime {@code docker}, which moves the interface
 * jnet leaves in the host namespace into the container and configures it (jnet never enters the namespace).
 * Between CreateEndpoint and Join, an endpoint is only what dockerd asked for, kept in memory. A network of a
 * global driver ({@code -o jnet.driver=overlay}) is one jnet network across the hosts whose dockerds create it
 * with the same subnets, each host's Docker id linked to it ({@link PluginLinks}).
 */
final class DockerPlugin {
    static final String NETWORK_LABEL = "dev.jnet.docker.network";
    /** The {@code -o} option choosing jnet's driver for the network (bridge unless given). */
    static final String DRIVER_OPTION = "dev.jnet.driver";
    /** The same, shorter ({@code -o jnet.driver=overlay}). */
    static final String SHORT_DRIVER_OPTION = "jnet.driver";
    /** How long a create that lost the race with another host's waits for that host's network to arrive here. */
    private static final java.time.Duration LINK_WAIT = java.time.Duration.ofSeconds(5);
    static final SandboxRuntime DOCKER = new SandboxRuntime("docker", true);
    private static final String GENERIC = "com.docker.network.generic";
    private static final String PORTMAP = "com.docker.network.portmap";
    private static final String PREFIX = "docker-";

    private record Pending(Optional<Cidr> ipv4, Optional<Cidr> ipv6, Optional<MacAddress> mac, List<PortRequest> ports) {}

    private final Controller controller;
    private final DockerIpam ipam;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final PluginLinks links;
    private final DockerNames names;

    DockerPlugin(Controller controller, DockerIpam ipam, PluginLinks links, DockerNames names) {
        this.controller = controller;
        this.ipam = ipam;
        this.links = links;
        this.names = names;
    }

    void createNetwork(PluginJson.CreateNetwork request) {
        String id = required(request.NetworkID(), "NetworkID");
        Map<String, Object> options = request.Options() == null ? Map.of() : request.Options();
        Map<String, String> generic = PluginOptions.strings(options.get(GENERIC), GENERIC);
        String driver = Optional.ofNullable(generic.remove(DRIVER_OPTION)).or(() -> Optional.ofNullable(generic.remove(SHORT_DRIVER_OPTION)))
                .orElse("bridge");
        List<PoolRequest> v4 = pools(request.IPv4Data());
        List<PoolRequest> v6 = pools(request.IPv6Data());
        NetworkSpec spec = new NetworkSpec(PREFIX + id, driver, v4, v6, generic, Map.of(NETWORK_LABEL, id),
                PluginOptions.bool(options.get("com.docker.network.internal")), false, !v4.isEmpty(), !v6.isEmpty());
        if (network(id).isPresent()) {
            return; // dockerd asks again after a restart of its own: the network is there
        }
        Stream.concat(v4.stream(), v6.stream()).forEach(p -> ipam.handOver(p.subnet().orElseThrow()));
        Optional<Network> linked = globalWithSubnets(spec);
        if (linked.isPresent()) { // made through another host's dockerd: the same network here
            link(id, linked.get());
            return;
        }
        try {
            Network made = controller.createNetwork(spec);
            if (made.scope() == Scope.GLOBAL) {
                links.link(id, made.id().value());
            }
        } catch (JnetException e) {
            if (e.kind() != ErrorKind.CONFLICT) {
                throw e;
            }
            // Made at the same time through another host: once the cluster has brought it here, it is linked.
            Network other = awaitGlobalWithSubnets(spec).orElseThrow(() -> e);
            link(id, other);
        }
    }

    /** Docker network {@code dockerId} is {@code network} here, unless another Docker network of this host is already. */
    private void link(String dockerId, Network network) {
        Optional<String> other = links.otherDockerNetworkOf(network.id().value(), dockerId);
        if (other.isPresent()) {
            throw JnetException.conflict("this host's Docker network " + other.get() + " is jnet's global network "
                    + network.name() + " of the same subnets already; give this network subnets of its own");
        }
        links.link(dockerId, network.id().value());
    }

    /**
     * The global network of {@code spec}'s driver with exactly {@code spec}'s subnets: how the same Docker network,
     * created on several hosts' dockerds (which tell drivers no name), is one jnet network across them.
     */
    private Optional<Network> globalWithSubnets(NetworkSpec spec) {
        java.util.Set<Cidr> wanted = Stream.concat(spec.ipv4().stream(), spec.ipv6().stream())
                .map(p -> p.subnet().orElseThrow()).collect(java.util.stream.Collectors.toSet());
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        return controller.networks().stream().filter(n -> n.scope() == Scope.GLOBAL && n.driver().equals(spec.driver()))
                .filter(n -> n.pools().stream().map(dev.jnet.core.model.IpamPool::subnet)
                        .collect(java.util.stream.Collectors.toSet()).equals(wanted))
                .findFirst();
    }

    private Optional<Network> awaitGlobalWithSubnets(NetworkSpec spec) {
        long end = System.nanoTime() + LINK_WAIT.toNanos();
        while (System.nanoTime() < end) {
            Optional<Network> found = globalWithSubnets(spec);
            if (found.isPresent()) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static List<PoolRequest> pools(List<PluginJson.IpamData> data) {
        List<PoolRequest> pools = new ArrayList<>();
        for (PluginJson.IpamData d : data == null ? List.<PluginJson.IpamData>of() : data) {
            Cidr pool = Cidr.parse(required(d.Pool(), "Pool"));
            Optional<java.net.InetAddress> gateway = Optional.ofNullable(d.Gateway()).filter(g -> !g.isEmpty())
                    .map(g -> Cidr.parse(g).address());
            Map<String, java.net.InetAddress> aux = new java.util.HashMap<>();
            (d.AuxAddresses() == null ? Map.<String, String>of() : d.AuxAddresses())
                    .forEach((name, address) -> aux.put(name, Cidr.parse(address).address()));
            pools.add(new PoolRequest(Optional.of(pool), Optional.empty(), gateway, aux));
        }
        return pools;
    }

    /**
     * A local network goes; a global one stays (other hosts' dockerds may use it) and is only no longer this
     * Docker network: {@code jnet network rm} removes it from the cluster.
     */
    void deleteNetwork(PluginJson.NetworkRef request) {
        network(request.NetworkID()).ifPresent(n -> {
            if (n.scope() == Scope.GLOBAL) {
                links.unlink(request.NetworkID());
            } else {
                controller.deleteNetwork(n.id().value());
            }
        });
    }

    /** Keeps what dockerd chose (its IPAM gives the addresses); the answer must then carry no interface. */
    void createEndpoint(PluginJson.CreateEndpoint request) {
        required(request.EndpointID(), "EndpointID");
        network(request.NetworkID()).orElseThrow(() -> notFound(request.NetworkID()));
        PluginJson.Interface given = request.Interface();
        Optional<Cidr> v4 = Optional.ofNullable(given).map(PluginJson.Interface::Address).filter(a -> !a.isEmpty()).map(Cidr::parse);
        if (v4.isEmpty()) {
            throw JnetException.invalid("endpoint " + request.EndpointID() + " has no IPv4 address: jnet's Docker plugin"
                    + " takes the addresses dockerd's IPAM driver chooses (its default, or jnet's: --ipam-driver jnet)");
        }
        Optional<Cidr> v6 = Optional.ofNullable(given.AddressIPv6()).filter(a -> !a.isEmpty()).map(Cidr::parse);
        Optional<MacAddress> mac = Optional.ofNullable(given.MacAddress()).filter(m -> !m.isEmpty()).map(MacAddress::parse);
        Map<String, Object> options = request.Options() == null ? Map.of() : request.Options();
        pending.put(request.EndpointID(), new Pending(v4, v6, mac, PluginOptions.portMap(options.get(PORTMAP))));
    }

    PluginJson.Joined join(PluginJson.Join request) {
        String endpointId = required(request.EndpointID(), "EndpointID");
        Network network = network(request.NetworkID()).orElseThrow(() -> notFound(request.NetworkID()));
        Pending asked = pending.get(endpointId);
        if (asked == null) {
            throw JnetException.notFound("endpoint " + endpointId + " was not created through this jnetd (was jnetd"
                    + " restarted between the endpoint's creation and its join?); start the container again");
        }
        Path key = Path.of(required(request.SandboxKey(), "SandboxKey"));
        Sandbox sandbox = controller.createSandbox(SandboxSpec.named(PREFIX + endpointId).inRuntimeNamespace(key, DOCKER));
        try {
            Stream.of(asked.ipv4(), asked.ipv6()).flatMap(Optional::stream).forEach(a -> ipam.handOver(network, a.address()));
            // A network whose driver publishes no ports (overlay): dockerd's gateway bridge publishes them.
            List<PortRequest> ports = publishedFor(key) || !controller.publishesPorts(network) ? List.of() : asked.ports();
            ConnectSpec spec = new ConnectSpec(asked.ipv4().map(Cidr::address), asked.ipv6().map(Cidr::address), List.of(),
                    asked.mac(), Map.of(), ports);
            Endpoint endpoint = controller.connect(network.id().value(), sandbox.id().value(), spec);
            PluginJson.Joined answer = joined(endpoint.joinRecord());
            if (network.scope() == Scope.GLOBAL) { // other hosts resolve it by its container's names
                names.learn(request.NetworkID(), endpointId, network, sandbox);
            }
            return answer;
        } catch (RuntimeException e) {
            Stream.of(asked.ipv4(), asked.ipv6()).flatMap(Optional::stream).forEach(a -> handOverFailed(network, a, e));
            deleteQuietly(sandbox, e);
            throw e;
        }
    }

    private void handOverFailed(Network network, Cidr address, RuntimeException failure) {
        try {
            ipam.handOverFailed(network, address.address());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Whether the container of namespace {@code key} has its ports published already, by its endpoint on
     * another jnet network: dockerd passes a container's port map to each of its endpoints, and a host port
     * is published once.
     */
    private boolean publishedFor(Path key) {
        return controller.sandboxes().stream().filter(s -> s.name().startsWith(PREFIX) && s.namespace().equals(key))
                .anyMatch(s -> controller.endpointsOf(s).stream().anyMatch(e -> !e.ports().isEmpty()));
    }

    private static PluginJson.Joined joined(JoinRecord record) {
        String source = record.awaitingMove().orElseThrow(() -> new JnetException(ErrorKind.INTERNAL,
                "the join left no interface for dockerd to move")).value();
        List<PluginJson.StaticRoute> routes = record.routes().stream().map(r -> new PluginJson.StaticRoute(
                r.destination().toString(), r.nextHop().isPresent() ? 0 : 1, r.nextHop().map(IpFormat::format).orElse(null)))
                .toList();
        return new PluginJson.Joined(new PluginJson.InterfaceName(source, "eth"),
                record.defaultRoute() ? record.ipv4Gateway().map(IpFormat::format).orElse(null) : null,
                record.defaultRoute() ? record.ipv6Gateway().map(IpFormat::format).orElse(null) : null, routes, false);
    }

    /** dockerd has moved the interface back to the host namespace: the endpoint goes, and with it its sandbox. */
    void leave(PluginJson.EndpointRef request) {
        names.forget(required(request.EndpointID(), "EndpointID"));
        sandboxOf(request.EndpointID()).ifPresent(s -> controller.deleteSandbox(s.id().value()));
    }

    /** Also when Leave never came (dockerd cleaning up after its own restart). */
    void deleteEndpoint(PluginJson.EndpointRef request) {
        String endpointId = required(request.EndpointID(), "EndpointID");
        pending.remove(endpointId);
        names.forget(endpointId);
        sandboxOf(endpointId).ifPresent(s -> controller.deleteSandbox(s.id().value()));
    }

    private Optional<Sandbox> sandboxOf(String endpointId) {
        return controller.sandboxes().stream().filter(s -> s.name().equals(PREFIX + endpointId)).findFirst();
    }

    private Optional<Network> network(String dockerId) {
        required(dockerId, "NetworkID");
        Optional<String> linked = links.networkOf(dockerId);
        if (linked.isPresent()) {
            return controller.networks().stream().filter(n -> n.id().value().equals(linked.get())).findFirst();
        }
        return controller.networks().stream().filter(n -> dockerId.equals(n.labels().get(NETWORK_LABEL))
                && n.scope() != Scope.GLOBAL).findFirst();
    }

    private void deleteQuietly(Sandbox sandbox, RuntimeException cause) {
        try {
            controller.deleteSandbox(sandbox.id().value());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static JnetException notFound(String networkId) {
        return JnetException.notFound("network " + networkId + " is not a network of jnet's Docker plugin");
    }

    private static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw JnetException.invalid("field " + field + " is required");
        }
        return value;
    }
}
