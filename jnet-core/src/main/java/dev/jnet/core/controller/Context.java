package dev.jnet.core.controller;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.DriverRegistry;
import dev.jnet.core.driver.HostPorts;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.core.resolver.EmbeddedDns;
import dev.jnet.core.store.Store;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.netns.NetNs;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** What the controller's parts share: collaborators, the current state and the locks. */
final class Context {
    /** How long the resolver waits for one upstream server before asking the next. */
    static final Duration UPSTREAM_TIMEOUT = Duration.ofMillis(1500);
    final ControllerConfig config;
    final Kernel kernel;
    final Store store;
    /** The store's writes, timed: every durable change goes through {@link #store}. */
    final dev.jnet.core.stats.Latency storeWrites = new dev.jnet.core.stats.Latency();
    final Ipam ipam;
    /** The IPAM of global networks (the cluster's), or {@link #ipam} on a host on its own. */
    final Ipam globalIpam;
    /** The cluster's side of global networks; {@link GlobalNetworks#NONE} until a cluster attaches. */
    volatile GlobalNetworks globals = GlobalNetworks.NONE;
    /** Names of global networks' endpoints on other hosts, by network, for the resolver. */
    private volatile java.util.Map<dev.jnet.core.model.NetworkId, List<RemoteName>> remoteNames = java.util.Map.of();
    final DriverRegistry drivers;
    final SandboxFiles files;
    final KeyedLocks locks = new KeyedLocks();
    final Changes changes = new Changes();
    final PortAllocator ports;
    /** {@link #ports} as drivers that publish use it: probing runs in the host's namespace. */
    final HostPorts hostPorts;
    final EmbeddedDns dns;
    /** The resolver at the gateways of networks that keep theirs in a namespace of their own. */
    final GatewayResolvers gatewayDns;
    private final AtomicReference<State> state = new AtomicReference<>(State.EMPTY);

    Context(ControllerConfig config, Kernel kernel, Store store, Ipam ipam, Ipam globalIpam, DriverRegistry drivers) {
        this.config = config;
        this.kernel = kernel;
        this.store = new dev.jnet.core.store.TimedStore(store, storeWrites);
        this.ipam = ipam;
        this.globalIpam = globalIpam;
        this.drivers = drivers;
        this.files = new SandboxFiles(config.stateDirectory(), config.hostResolvConf());
        this.ports = ephemeralPorts(kernel);
        this.hostPorts = new HostPorts() {
            @Override
            public List<PortBinding> reserve(List<PortRequest> requests, InetAddress defaultHostIp) {
                // In the host's namespace, where the probe must bind.
                return kernel.executor().call(kernel.hostNamespace(),
                        () -> ports.reserve(requests, defaultHostIp, HostPortProbe.BIND));
            }

            @Override
            public void release(List<PortBinding> bindings) {
                ports.release(bindings);
            }
        };
        this.dns = new EmbeddedDns(kernel.executor(), kernel.hostNamespace(), UPSTREAM_TIMEOUT, EmbeddedDns.defaultLoops());
        this.gatewayDns = new GatewayResolvers(this);
    }

    /** Host ports chosen for {@code -p 80} come from the host's ephemeral range, as Docker's do. */
    private static PortAllocator ephemeralPorts(Kernel kernel) {
        String range = kernel.sysctl(kernel.hostNamespace()).read("net.ipv4.ip_local_port_range").strip();
        String[] ends = range.split("\\s+");
        return new PortAllocator(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1]));
    }

    /** The driver of a network. */
    Driver driverOf(Network network) {
        return drivers.ofNetwork(network.driver());
    }

    /**
     * Whether sandboxes on this network resolve names at 127.0.0.11: on user-defined networks whose driver
     * offers it, as in Docker (not on the predefined ones, nor on the gateway bridge: its endpoints are
     * sandboxes of different overlay networks, which must not learn each other's names there).
     */
    boolean resolvesNames(Network network) {
        return !NetworkOps.PREDEFINED.contains(network.name())
                && !GatewayBridge.isGateway(network)
                && drivers.find(network.driver()).map(d -> d.capabilities().embeddedDns()).orElse(false);
    }

    State state() {
        return state.get();
    }

    /** Swaps in the changed state; the resolver's name table follows at once. */
    void publish(UnaryOperator<State> change) {
        State next = state.updateAndGet(change);
        dns.update(() -> DnsTable.of(next, files.hostNameservers(), this::resolvesNames, remoteNames, gatewayDns::answers));
    }

    /** The names of endpoints on other hosts, which the resolver answers from now on. */
    void setRemoteNames(java.util.Map<dev.jnet.core.model.NetworkId, List<RemoteName>> names) {
        remoteNames = java.util.Map.copyOf(names);
        publish(s -> s);
    }

    /** Rebuilds the port allocator from the endpoints of networks that hold host ports. */
    void restorePorts(State state) {
        ports.restore(state.endpoints().values().stream().filter(e -> {
            var network = state.networks().get(e.network());
            return network != null && !e.ports().isEmpty()
                    && drivers.find(network.driver()).map(d -> d.holdsHostPorts(network)).orElse(false);
        }).toList());
    }

    /** Writes the sandbox's hosts and resolv.conf for these endpoints (127.0.0.11 if it has a resolver). */
    void writeFiles(State state, Sandbox sandbox, List<Endpoint> endpoints) {
        if (sandbox.runtimeConfigured()) {
            return; // the runtime writes its own
        }
        files.write(sandbox, endpoints, DnsTable.needsResolver(state, sandbox, endpoints, this::resolvesNames));
    }

    /**
     * Gives the sandbox its resolver if its endpoints need one, or takes it away; returns whether this
     * call attached it (so that a failed connect can undo exactly that).
     */
    boolean syncResolver(State state, Sandbox sandbox, List<Endpoint> endpoints) {
        if (sandbox.enterable() && DnsTable.needsResolver(state, sandbox, endpoints, this::resolvesNames)) {
            boolean had = dns.isAttached(sandbox.id());
            dns.attach(sandbox.id(), namespaceOf(sandbox));
            return !had;
        }
        dns.detach(sandbox.id());
        return false;
    }

    /**
     * {@link #syncResolver} for every sandbox at once, as a start-up needs (one trip through the
     * namespaces for all); returns the sandboxes whose resolver could not be attached, with the reason.
     */
    Map<SandboxId, RuntimeException> syncResolvers(State state) {
        Map<SandboxId, NetNs> wanted = new LinkedHashMap<>();
        for (Sandbox sandbox : state.sandboxes().values()) {
            if (sandbox.enterable()
                    && DnsTable.needsResolver(state, sandbox, state.endpointsOf(sandbox.id()), this::resolvesNames)) {
                wanted.put(sandbox.id(), namespaceOf(sandbox));
            } else {
                dns.detach(sandbox.id());
            }
        }
        return dns.attachAll(wanted);
    }

    /**
     * The namespace a sandbox's interfaces live in. A runtime's that jnet may no longer enter (its owner
     * ended: the path may name another process's namespace now) is a path that does not exist, so that
     * whatever would enter it fails instead of changing that other namespace.
     */
    NetNs namespaceOf(Sandbox sandbox) {
        if (sandbox.hostNetwork()) {
            return kernel.hostNamespace();
        }
        if (sandbox.runtime().isPresent() && !sandbox.runtimeConfigured() && !sandbox.enterable()) {
            return new NetNs(sandbox.id().shortId(), GONE.resolve(sandbox.id().value()));
        }
        return new NetNs(sandbox.id().shortId(), sandbox.namespace());
    }

    /** Where the namespaces of ended runtime sandboxes "are": nowhere. */
    private static final java.nio.file.Path GONE = java.nio.file.Path.of("/nonexistent/jnet-runtime-namespace-gone");

    /** The IPAM of {@code network}: its IPAM plugin's, else jnet's own for its scope (the cluster's for global ones). */
    Ipam ipamFor(dev.jnet.core.model.Network network) {
        return ipamFor(network.ipam(), network.scope(), true);
    }

    /**
     * The IPAM {@code spec} names for a network of {@code scope} ({@code stored}: as {@link
     * dev.jnet.core.ipam.IpamPlugins#ipam}). Global networks take theirs from the cluster's IPAM only.
     */
    Ipam ipamFor(dev.jnet.core.model.IpamSpec spec, dev.jnet.core.model.Scope scope, boolean stored) {
        if (spec.isDefault()) {
            return scope == dev.jnet.core.model.Scope.GLOBAL ? globalIpam : ipam;
        }
        if (scope == dev.jnet.core.model.Scope.GLOBAL) {
            throw dev.jnet.error.JnetException.invalid("IPAM driver " + spec.driver() + " cannot serve a global network:"
                    + " their subnets and addresses come from the cluster's IPAM (use the default IPAM driver)");
        }
        return drivers.ipamPlugins().ipam(spec, stored);
    }
}
