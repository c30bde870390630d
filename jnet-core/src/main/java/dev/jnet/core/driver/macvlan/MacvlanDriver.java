package dev.jnet.core.driver.macvlan;

import dev.jnet.core.driver.Capabilities;
import dev.jnet.core.driver.DriftCheck;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.driver.Plans;
import dev.jnet.core.driver.SandboxLink;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.JoinRecord;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.StaticRoute;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Networks on an existing LAN (or VLAN): each endpoint is a macvlan (or ipvlan) child of the network's parent
 * link, made straight inside the sandbox, with an address of the LAN's subnet and the LAN's router as its
 * gateway. jnet adds no NAT and no firewall rules; the host itself cannot reach its own children (the
 * kernel's rule for macvlan and ipvlan).
 */
public final class MacvlanDriver implements Driver, DriftCheck {
    private final Kind kind;
    private final Kernel kernel;
    private final ParentLinks parents;
    private final Plans<ChildOptions> plans;

    private MacvlanDriver(Kind kind, Kernel kernel, ParentLinks parents) {
        this.kind = kind;
        this.kernel = kernel;
        this.parents = parents;
        this.plans = new Plans<>(n -> ChildOptions.parse(kind, stored(n), n.id()));
    }

    /**
     * A stored network's options with the values its plan resolved at create (its driver data) in place of
     * defaults: a network keeps its mode should a later jnet change a default.
     */
    private static Map<String, String> stored(Network network) {
        Map<String, String> options = new HashMap<>(network.options());
        options.putAll(network.driverData());
        return options;
    }

    /** The macvlan and ipvlan drivers, sharing the host's parents (one network per parent, whichever driver). */
    public static List<Driver> both(Kernel kernel) {
        ParentLinks parents = new ParentLinks(kernel);
        return List.of(new MacvlanDriver(Kind.MACVLAN, kernel, parents), new MacvlanDriver(Kind.IPVLAN, kernel, parents));
    }

    @Override
    public String name() {
        return kind.driver;
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.local();
    }

    @Override
    public NetworkPlan plan(NetworkId id, NetworkSpec spec) {
        return ChildOptions.parse(kind, spec.options(), id);
    }

    @Override
    public void createNetwork(Network network, NetworkPlan plan) {
        ChildOptions o = (ChildOptions) plan;
        parents.claim(network, o);
        boolean made = false;
        try {
            made = parents.ensure(network, o);
            probeKind(network, o);
            plans.keep(network.id(), network.options(), o);
        } catch (RuntimeException e) {
            if (made) {
                parents.removeIfMade(network, o);
            }
            parents.release(network.id());
            throw e;
        }
    }

    /**
     * Makes and removes a child on the parent at once, so that a kernel without the link kind says so when
     * the network is created rather than at the first connect.
     */
    private void probeKind(Network network, ChildOptions o) {
        // Marked as jnet's: should jnet stop right here, the next reconciliation removes it as an orphan.
        LinkSpec probe = childSpec(IfName.of("jnp" + network.id().shortId().substring(0, 8)), o, Optional.empty(),
                LinkOptions.DEFAULTS.withAlias(OWNER_MARK + "probe"));
        try {
            kernel.host().links().create(probe);
        } catch (KernelException e) {
            kernel.host().links().deleteIfPresent(probe.name()); // made, if only its mark failed
            throw probeFailure(network, o, e);
        }
        kernel.host().links().deleteIfPresent(probe.name());
    }

    private JnetException probeFailure(Network network, ChildOptions o, KernelException e) {
        if (e.kind() == dev.jnet.error.ErrorKind.UNAVAILABLE) {
            return new JnetException(e.kind(), "network " + network.name() + " cannot be created: " + e.getMessage()
                    + "; use the " + (kind == Kind.IPVLAN ? "macvlan" : "bridge") + " driver, or a kernel built with "
                    + kind.driver + " support", e);
        }
        // EBUSY: the parent is a bridge's port or carries another tool's children of the other kind.
        return new JnetException(e.is(dev.jnet.kernel.Errno.EBUSY) ? dev.jnet.error.ErrorKind.CONFLICT : dev.jnet.error.ErrorKind.INVALID,
                "network " + network.name() + " cannot use parent interface " + o.parent() + " for " + kind.driver
                        + " links: " + e.getMessage(), e);
    }

    @Override
    public void deleteNetwork(Network network) {
        ChildOptions o = plans.of(network);
        parents.removeIfMade(network, o);
        parents.release(network.id());
        plans.forget(network.id());
    }

    @Override
    public JoinResult join(JoinRequest request) {
        Network network = request.network();
        Endpoint endpoint = request.endpoint();
        ChildOptions o = plans.of(network);
        // ipvlan children share the parent's MAC; a macvlan child gets the endpoint's.
        LinkOptions options = kind == Kind.MACVLAN ? LinkOptions.DEFAULTS.withMac(endpoint.mac()) : LinkOptions.DEFAULTS;
        if (request.leaveInHost()) { // for a runtime that moves it in itself: made in the host namespace
            IfName hostName = IfName.of("mv" + endpoint.id().nameDigits());
            kernel.host().links().create(childSpec(hostName, o, Optional.empty(), options));
            return JoinResult.inside(SandboxLink.inHost(endpoint.interfaceName(), hostName), record(network, o), List.of());
        }
        kernel.host().links().create(childSpec(endpoint.interfaceName(), o, Optional.of(request.sandbox()), options));
        return JoinResult.inside(SandboxLink.inside(endpoint.interfaceName()), record(network, o), List.of());
    }

    /** A child of the parent named {@code name}, made in {@code namespace} (else the host's). */
    private LinkSpec childSpec(IfName name, ChildOptions o, Optional<NetNs> namespace, LinkOptions options) {
        return switch (kind) {
            case MACVLAN -> new LinkSpec.Macvlan(name, o.parent(), LinkSpec.MacvlanMode.valueOf(upper(o.mode())),
                    namespace, options);
            case IPVLAN -> new LinkSpec.Ipvlan(name, o.parent(), LinkSpec.IpvlanMode.valueOf(upper(o.mode())),
                    LinkSpec.IpvlanFlag.valueOf(upper(o.flag())), namespace, options);
        };
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    /**
     * The LAN's router as the gateway (the subnets' gateway addresses), unless the network is internal; a routed
     * ipvlan mode (l3, l3s) instead sends everything onto the link, with no gateway, as Docker does.
     */
    private static JoinRecord record(Network network, ChildOptions o) {
        boolean out = !network.internal() && !o.internalParent();
        if (o.routed()) {
            List<StaticRoute> routes = new ArrayList<>();
            if (out && !network.ipv4().isEmpty()) {
                routes.add(StaticRoute.connected(Cidr.parse("0.0.0.0/0")));
            }
            if (out && !network.ipv6().isEmpty()) {
                routes.add(StaticRoute.connected(Cidr.parse("::/0")));
            }
            return JoinRecord.NONE.withRoutes(routes);
        }
        return JoinRecord.gateways(gateway(network.ipv4()), gateway(network.ipv6()), out);
    }

    private static Optional<InetAddress> gateway(List<IpamPool> pools) {
        return pools.stream().map(IpamPool::gateway).flatMap(Optional::stream).findFirst();
    }

    /** The child goes; for a runtime that moves it, from the host namespace, where the runtime moves it back. */
    @Override
    public void leave(Network network, Endpoint endpoint, NetNs sandbox) {
        Optional<IfName> inHost = endpoint.joinRecord().awaitingMove();
        if (inHost.isPresent()) {
            kernel.host().links().deleteIfPresent(inHost.get());
            return;
        }
        kernel.in(sandbox).links().deleteIfPresent(endpoint.interfaceName());
    }

    @Override
    public boolean ensureNetwork(Network network) {
        return parents.ensure(network, plans.of(network));
    }

    /** Takes the parents of the networks loaded from the store; one that cannot be taken does not stop the rest. */
    @Override
    public void reconcileAll(List<Network> networks, List<Endpoint> endpoints) {
        List<String> problems = new ArrayList<>();
        for (Network n : networks) {
            try {
                parents.claim(n, plans.of(n));
            } catch (JnetException e) {
                problems.add("network " + n.name() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new JnetException(dev.jnet.error.ErrorKind.CONFLICT, String.join("; ", problems));
        }
    }

    @Override
    public boolean isJoined(Network network, Endpoint endpoint, NetNs sandbox) {
        return kernel.in(sandbox).links().find(endpoint.interfaceName()).filter(l -> l.kind().equals(kind.driver)).isPresent();
    }

    @Override
    public Optional<String> networkDrift(Network network) {
        return parents.drift(network, plans.of(network));
    }

    @Override
    public List<String> sharedStateDrift(List<Network> networks, List<Endpoint> endpoints) {
        return List.of();
    }
}
