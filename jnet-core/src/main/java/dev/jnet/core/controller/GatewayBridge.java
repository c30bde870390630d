package dev.jnet.core.controller;

import dev.jnet.core.driver.Capabilities;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Docker's {@code docker_gwbridge}: a sandbox on a network that offers no way out (an overlay,
 * {@link Capabilities#wantsGatewayBridge}) and on no network that does is also connected to the host's
 * gateway bridge, a local bridge network that masquerades, gives the sandbox its default route and publishes
 * its ports; its endpoints cannot reach each other and have no names. jnet connects and disconnects the
 * sandbox there itself: with its first such network, and when its last one is left. As Docker's, the gateway
 * endpoint also goes when the sandbox joins a network with a gateway of its own, which takes its published
 * ports over (and gives them back when it is left). Sandboxes whose runtime
 * configures their interfaces (dockerd) get none: a join hands the runtime one interface only.
 */
final class GatewayBridge {
    private static final System.Logger LOG = System.getLogger(GatewayBridge.class.getName());
    private static final int STRIPES = 64;

    private final Context ctx;
    private final NetworkOps networks;
    private final EndpointOps endpoints;
    /** One sandbox's connects and disconnects that may touch its gateway endpoint run one at a time. */
    private final ReentrantLock[] sandboxLocks = new ReentrantLock[STRIPES];

    GatewayBridge(Context ctx, NetworkOps networks, EndpointOps endpoints) {
        this.ctx = ctx;
        this.networks = networks;
        this.endpoints = endpoints;
        for (int i = 0; i < STRIPES; i++) {
            sandboxLocks[i] = new ReentrantLock();
        }
    }

    /** A user's connect: with the gateway endpoint too when the sandbox needs one now, undone together. */
    Endpoint connect(String networkRef, String sandboxRef, ConnectSpec spec) {
        Network network = ctx.state().network(networkRef);
        Sandbox sandbox = ctx.state().sandbox(sandboxRef);
        if (isGateway(network)) {
            throw new JnetException(ErrorKind.FORBIDDEN, "network " + network.name() + " gives sandboxes of overlay"
                    + " networks their way out: jnet connects them to it itself");
        }
        if (givesWayOut(network)) {
            return withSandbox(sandbox, () -> {
                Endpoint made = replacingGateway(networkRef, sandbox, spec);
                if (made.joinRecord().needsGatewayBridge()) { // its driver gave this endpoint no way out after all
                    align(sandbox, List.of());
                }
                return made;
            });
        }
        if (!wants(network, sandbox)) {
            return endpoints.connect(networkRef, sandboxRef, spec);
        }
        return withSandbox(sandbox, () -> {
            List<Endpoint> current = ctx.state().endpointsOf(sandbox.id());
            if (onGateway(current) || offersWayOut(current)) {
                if (!spec.ports().isEmpty()) {
                    throw JnetException.invalid("ports cannot be published on network " + network.name()
                            + ": sandbox " + sandbox.name() + " publishes its ports on the network that gives it its way"
                            + " out (" + (onGateway(current) ? NetworkSpec.GATEWAY_BRIDGE : "a network with a gateway")
                            + "), when it joins it");
                }
                return endpoints.connect(networkRef, sandboxRef, spec);
            }
            // One step: the gateway join runs while the network's address claim is out (a cluster round trip).
            return endpoints.connect(networkRef, sandboxRef, spec.withPorts(List.of()),
                    Optional.of(new EndpointOps.Alongside(gatewayNetwork(), gatewaySpec(spec.ports()))));
        });
    }

    /**
     * A connect to a network with a way out of its own: a gateway endpoint the sandbox has goes, and its ports
     * move to the new endpoint (it leaves first to free them; if the connect fails, it comes back with them).
     */
    private Endpoint replacingGateway(String networkRef, Sandbox sandbox, ConnectSpec spec) {
        String sandboxRef = sandbox.id().value();
        Optional<Endpoint> gateway = gatewayEndpoint(ctx.state().endpointsOf(sandbox.id()));
        if (gateway.isEmpty()) {
            return endpoints.connect(networkRef, sandboxRef, spec);
        }
        if (gateway.get().ports().isEmpty()) {
            Endpoint made = endpoints.connect(networkRef, sandboxRef, spec);
            align(sandbox, List.of());
            return made;
        }
        List<PortBinding> moved = gateway.get().ports();
        endpoints.disconnect(gateway.get().network().value(), sandboxRef, true);
        List<PortRequest> ports = Stream.concat(spec.ports().stream(), PortRequest.republishing(moved).stream())
                .distinct().toList();
        try {
            return endpoints.connect(networkRef, sandboxRef, spec.withPorts(ports));
        } catch (RuntimeException e) {
            align(sandbox, moved);
            throw e;
        }
    }

    /**
     * A user's disconnect; then the gateway endpoint goes if no network of the sandbox needs it any more, or
     * comes if the network that gave the sandbox its way out was left. The user cannot take the gateway
     * endpoint away while the sandbox needs it.
     */
    void disconnect(String networkRef, String sandboxRef, boolean force) {
        Network network = ctx.state().network(networkRef);
        Sandbox sandbox = ctx.state().sandbox(sandboxRef);
        withSandbox(sandbox, () -> {
            List<Endpoint> current = ctx.state().endpointsOf(sandbox.id());
            if (isGateway(network) && current.stream().anyMatch(e -> wants(e, sandbox)) && !offersWayOut(current)) {
                throw new JnetException(ErrorKind.FORBIDDEN, "sandbox " + sandbox.name() + " reaches out through network "
                        + network.name() + " for its overlay networks: disconnect it from those instead");
            }
            List<PortBinding> published = ctx.state().endpoint(network.id(), sandbox.id()).map(Endpoint::ports).orElse(List.of());
            endpoints.disconnect(networkRef, sandboxRef, force);
            align(sandbox, published);
            return null;
        });
    }

    /**
     * Every sandbox's gateway endpoint as its endpoints need it, as a start-up does: a jnetd that ended between
     * a sandbox's overlay join and its gateway join (or its gateway leave) left it without one (or with one
     * too many). Best effort, each sandbox on its own.
     */
    void alignAll() {
        for (Sandbox sandbox : ctx.state().sandboxes().values()) {
            withSandbox(sandbox, () -> {
                align(sandbox, List.of());
                return null;
            });
        }
    }

    /**
     * The gateway endpoint as the sandbox's endpoints need it; best effort (reconcile is not needed).
     * A gateway endpoint made now publishes {@code published}, the ports of the way out just left (as Docker
     * moves a container's ports to its new gateway endpoint); if they cannot be had, it publishes none.
     */
    private void align(Sandbox sandbox, List<PortBinding> published) {
        if (!ctx.state().sandboxes().containsKey(sandbox.id())) {
            return;
        }
        List<Endpoint> current = ctx.state().endpointsOf(sandbox.id());
        boolean wanted = current.stream().anyMatch(e -> wants(e, sandbox));
        Optional<Endpoint> gateway = gatewayEndpoint(current);
        // A gateway endpoint with ports beside another way out stays (a state older jnets left): they are not lost.
        boolean replaced = offersWayOut(current) && gateway.map(g -> g.ports().isEmpty()).orElse(false);
        try {
            if (gateway.isPresent() && (!wanted || replaced)) {
                endpoints.disconnect(gateway.get().network().value(), sandbox.id().value(), true);
            } else if (gateway.isEmpty() && wanted && !offersWayOut(current)) {
                joinGateway(sandbox, published);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not " + (gateway.isPresent() ? "disconnect sandbox " + sandbox.name()
                    + " from " : "connect sandbox " + sandbox.name() + " to ") + NetworkSpec.GATEWAY_BRIDGE + ": " + e.getMessage());
        }
    }

    private void joinGateway(Sandbox sandbox, List<PortBinding> published) {
        String gateway = gatewayNetwork().id().value();
        List<PortRequest> ports = PortRequest.republishing(published);
        try {
            endpoints.connect(gateway, sandbox.id().value(), gatewaySpec(ports));
        } catch (JnetException e) {
            if (ports.isEmpty() || e.kind() != ErrorKind.CONFLICT) { // only a port taken meanwhile is worth going without
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "sandbox " + sandbox.name() + " joins " + NetworkSpec.GATEWAY_BRIDGE
                    + " without its ports " + published + ": " + e.getMessage());
            endpoints.connect(gateway, sandbox.id().value(), gatewaySpec(List.of()));
        }
    }

    /** Whether joining {@code network} makes the sandbox want a gateway endpoint. */
    private boolean wants(Network network, Sandbox sandbox) {
        return network != null && !network.internal() && !sandbox.runtimeConfigured()
                && ctx.driverOf(network).capabilities().wantsGatewayBridge();
    }

    /** Whether the joined endpoint makes the sandbox want a gateway endpoint: by its network, or as its driver said. */
    private boolean wants(Endpoint endpoint, Sandbox sandbox) {
        Network network = networkOf(endpoint);
        return wants(network, sandbox) || (network != null && !network.internal() && !sandbox.runtimeConfigured()
                && endpoint.joinRecord().needsGatewayBridge());
    }

    /**
     * Whether one of the endpoints is on a network that offers a gateway of its own (not the gateway bridge),
     * and its driver gave it one.
     */
    private boolean offersWayOut(List<Endpoint> current) {
        return current.stream().filter(e -> !e.joinRecord().needsGatewayBridge()).map(this::networkOf)
                .anyMatch(this::givesWayOut);
    }

    /** Whether the network gives its sandboxes a gateway of its own (it is not the gateway bridge). */
    private boolean givesWayOut(Network network) {
        return network != null && !network.internal() && !isGateway(network) && ctx.driverOf(network).capabilities().gateway();
    }

    private boolean onGateway(List<Endpoint> current) {
        return gatewayEndpoint(current).isPresent();
    }

    private Optional<Endpoint> gatewayEndpoint(List<Endpoint> current) {
        return current.stream().filter(e -> isGateway(networkOf(e))).findFirst();
    }

    private Network networkOf(Endpoint endpoint) {
        return ctx.state().networks().get(endpoint.network());
    }

    static boolean isGateway(Network network) {
        return network != null && network.name().equals(NetworkSpec.GATEWAY_BRIDGE);
    }

    /** The host's gateway network, made from the first driver that offers one if there is none yet. */
    private Network gatewayNetwork() {
        NetworkSpec spec = ctx.drivers.all().stream().map(Driver::gatewayNetwork).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> JnetException.invalid("no driver of this jnet makes a gateway network ("
                        + NetworkSpec.GATEWAY_BRIDGE + ") for sandboxes of networks without a way out"));
        return networks.ensureNamed(spec);
    }

    private static ConnectSpec gatewaySpec(List<PortRequest> ports) {
        return new ConnectSpec(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Map.of(), ports);
    }

    private <T> T withSandbox(Sandbox sandbox, Supplier<T> work) {
        ReentrantLock lock = sandboxLocks[Math.floorMod(sandbox.id().hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
