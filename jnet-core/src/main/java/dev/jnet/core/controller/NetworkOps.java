package dev.jnet.core.controller;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.ipam.HostSubnets;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.Scope;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.store.StoreChange;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Creating and removing networks, including the predefined {@code bridge}, {@code host} and {@code none}. */
final class NetworkOps {
    private static final System.Logger LOG = System.getLogger(NetworkOps.class.getName());
    /** The predefined networks: they always exist and cannot be removed, as in Docker. */
    static final Set<String> PREDEFINED = Set.of("bridge", "host", "none");
    private static final String ALL_NETWORKS = "networks";

    private final Context ctx;

    NetworkOps(Context ctx) {
        this.ctx = ctx;
    }

    NetworkCreated create(NetworkSpec spec) {
        if (PREDEFINED.contains(spec.name())) {
            throw new JnetException(ErrorKind.FORBIDDEN, "network name " + spec.name()
                    + " is reserved for a pre-defined network");
        }
        if (spec.name().equals(NetworkSpec.GATEWAY_BRIDGE) && !isGatewayShaped(spec)) {
            throw new JnetException(ErrorKind.FORBIDDEN, "network name " + NetworkSpec.GATEWAY_BRIDGE + " is reserved for"
                    + " the gateway bridge of overlay sandboxes: it may only be a network of the driver that makes it ("
                    + gatewayDrivers() + "), not internal");
        }
        if (!ctx.drivers.get(spec.driver()).capabilities().userNetworks()) {
            throw new JnetException(ErrorKind.FORBIDDEN, "only one instance of \"" + spec.driver()
                    + "\" network is allowed");
        }
        return createAny(spec, NetworkId.random(), true);
    }

    /**
     * Makes global network {@code id} here as the cluster records it (made on another host); nothing if this
     * host has it already. The cluster is not called back.
     */
    void adopt(NetworkId id, NetworkSpec spec) {
        if (!ctx.state().networks().containsKey(id)) {
            createAny(spec, id, false);
        }
    }

    /** Creates the predefined networks (each driver's, if it has one) that the store does not have yet. */
    void ensurePredefined() {
        for (Driver driver : ctx.drivers.all()) {
            driver.predefinedNetwork().filter(spec -> ctx.state().networkNamed(spec.name()).isEmpty())
                    .ifPresent(spec -> createAny(spec, NetworkId.random(), true));
        }
    }

    /**
     * The network named {@code spec}'s name, created from {@code spec} if there is none (Docker's
     * {@code docker_gwbridge}, which a user may have made beforehand with a subnet of their choice).
     */
    Network ensureNamed(NetworkSpec spec) {
        java.util.Optional<Network> existing = ctx.state().networkNamed(spec.name());
        if (existing.isPresent()) {
            Network n = existing.get();
            if (!n.driver().equals(spec.driver()) || n.internal() || n.scope() != Scope.LOCAL) {
                throw new JnetException(ErrorKind.CONFLICT, "network " + n.name() + " cannot be the gateway bridge: it is a"
                        + (n.internal() ? "n internal" : "") + " " + n.driver() + " network; remove it, and jnet makes the"
                        + " gateway bridge at the next overlay connect");
            }
            return n;
        }
        try {
            return createAny(spec, NetworkId.random(), true).network();
        } catch (JnetException e) {
            // Made meanwhile by a connect racing this one; else the create's own error.
            return ctx.state().networkNamed(spec.name()).orElseThrow(() -> e);
        }
    }

    /** Whether a user's {@code docker_gwbridge} can serve as the gateway bridge: of the driver that makes it, not internal. */
    private boolean isGatewayShaped(NetworkSpec spec) {
        return !spec.internal() && ctx.drivers.find(spec.driver()).flatMap(Driver::gatewayNetwork).isPresent();
    }

    private String gatewayDrivers() {
        return String.join(", ", ctx.drivers.all().stream().filter(d -> d.gatewayNetwork().isPresent()).map(Driver::name)
                .sorted().toList());
    }

    private NetworkCreated createAny(NetworkSpec spec, NetworkId id, boolean announce) {
        Driver driver = ctx.drivers.get(spec.driver());
        NetworkPlan plan = driver.plan(id, spec);
        try {
            return createPlanned(driver, id, spec, plan, announce);
        } catch (RuntimeException e) {
            driver.discardPlan(id, plan);
            throw e;
        }
    }

    private NetworkCreated createPlanned(Driver driver, NetworkId id, NetworkSpec spec, NetworkPlan plan, boolean announce) {
        return ctx.locks.with(ALL_NETWORKS, () -> {
            if (ctx.state().networks().containsKey(id)) { // adopted meanwhile, by the cluster's watch
                return new NetworkCreated(ctx.state().networks().get(id), List.of());
            }
            if (ctx.state().networkNamed(spec.name()).isPresent()) {
                throw JnetException.conflict("network with name " + spec.name() + " already exists");
            }
            Undo undo = new Undo();
            try {
                List<String> warnings = new ArrayList<>();
                HostSubnets host = hostSubnets(spec, plan);
                Ipam ipam = ctx.ipamFor(spec.ipam(), driver.capabilities().dataScope(), false);
                List<IpamPool> v4 = spec.ipv4Enabled() ? pools(ipam, id, spec, false, plan, host, warnings, undo) : List.of();
                List<IpamPool> v6 = spec.ipv6Enabled() ? pools(ipam, id, spec, true, plan, host, warnings, undo) : List.of();
                Network network = new Network(id, spec.name(), driver.name(), Instant.now(), v4, v6, spec.options(),
                        spec.labels(), spec.internal(), spec.attachable(), spec.ipv4Enabled(), spec.ipv6Enabled(),
                        driver.capabilities().dataScope(), plan.data(), spec.ipam());
                driver.createNetwork(network, plan);
                undo.push(() -> driver.deleteNetwork(network));
                if (ctx.gatewayDns.ensure(network)) {
                    undo.push(() -> ctx.gatewayDns.remove(network));
                }
                if (announce && network.scope() == Scope.GLOBAL) {
                    ctx.globals.created(network);
                    undo.push(() -> ctx.globals.removing(network));
                }
                ctx.store.write(new StoreChange.PutNetwork(network));
                ctx.publish(s -> s.with(network));
                ctx.changes.networkCreated(network);
                return new NetworkCreated(network, warnings);
            } catch (RuntimeException e) {
                throw undo.rollBack(e);
            }
        });
    }

    /** What the host uses now (a VPN may have come up since start), read only if the network takes subnets. */
    private HostSubnets hostSubnets(NetworkSpec spec, NetworkPlan plan) {
        boolean takesSubnets = (spec.ipv4Enabled() && plan.ipamNeeds(false) != Driver.IpamNeeds.NONE)
                || (spec.ipv6Enabled() && plan.ipamNeeds(true) != Driver.IpamNeeds.NONE);
        if (!takesSubnets) {
            return HostSubnets.NONE;
        }
        List<Cidr> own = ctx.state().networks().values().stream().flatMap(n -> n.pools().stream())
                .map(IpamPool::subnet).toList();
        return HostSubnetsReader.read(ctx.kernel.host(), own, ctx.files.hostNameservers(), ctx.config.hostResolvConf());
    }

    /**
     * Allocates the subnets of one family asked for; none requested means one of IPAM's choosing. A user's
     * subnet that overlaps what the host routes adds a warning.
     */
    private List<IpamPool> pools(Ipam ipam, NetworkId id, NetworkSpec spec, boolean ipv6, NetworkPlan plan, HostSubnets host,
                                 List<String> warnings, Undo undo) {
        List<PoolRequest> requests = ipv6 ? spec.ipv6() : spec.ipv4();
        Driver.IpamNeeds needs = plan.ipamNeeds(ipv6);
        if (needs == Driver.IpamNeeds.NONE) {
            if (!requests.isEmpty()) {
                throw JnetException.invalid("this network driver takes no subnets");
            }
            return List.of();
        }
        List<IpamPool> pools = new ArrayList<>();
        for (PoolRequest request : requests.isEmpty() ? List.of(PoolRequest.ANY) : requests) {
            IpamPool pool = ipam.allocatePool(id, request, ipv6, needs == Driver.IpamNeeds.SUBNETS_WITH_GATEWAY, host);
            undo.push(() -> ipam.releasePool(id, pool));
            pools.add(pool);
            if (request.subnet().isPresent()) {
                host.warningFor(pool.subnet()).ifPresent(warnings::add);
            }
        }
        return pools;
    }

    /** Removes a network without endpoints; predefined ones are FORBIDDEN, ones in use a CONFLICT. */
    void delete(String ref) {
        Network network = ctx.state().network(ref);
        if (PREDEFINED.contains(network.name())) {
            throw new JnetException(ErrorKind.FORBIDDEN, network.name()
                    + " is a pre-defined network and cannot be removed");
        }
        remove(network);
    }

    /** Removes a network without endpoints, a predefined one too (for an uninstall); in use: CONFLICT. */
    void remove(Network network) {
        remove(network, true);
    }

    /** Removes a global network here that the cluster no longer has; in use here: CONFLICT. Not called back. */
    void drop(NetworkId id) {
        Network network = ctx.state().networks().get(id);
        if (network != null) {
            remove(network, false);
        }
    }

    private void remove(Network network, boolean announce) {
        ctx.locks.with(List.of(ALL_NETWORKS, network.id().value()), () -> {
            List<Endpoint> endpoints = ctx.state().endpointsOf(network.id());
            if (!endpoints.isEmpty()) {
                throw JnetException.conflict("error while removing network: network " + network.name() + " id "
                        + network.id() + " has active endpoints (sandboxes: "
                        + String.join(", ", endpoints.stream().map(Endpoint::name).toList()) + ")");
            }
            if (announce && network.scope() == Scope.GLOBAL) {
                ctx.globals.removing(network);
            }
            ctx.driverOf(network).deleteNetwork(network);
            ctx.gatewayDns.remove(network);
            ctx.store.write(new StoreChange.DeleteNetwork(network.id()));
            releasePools(network);
            ctx.publish(s -> s.without(network.id()));
            ctx.changes.networkRemoved(network);
            return null;
        });
    }

    /** After the network's removal was stored: its pools back to its IPAM, best effort (a plugin may be gone). */
    private void releasePools(Network network) {
        try {
            Ipam ipam = ctx.ipamFor(network);
            network.pools().forEach(p -> ipam.releasePool(network.id(), p));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "network " + network.name() + " is removed, but its IPAM could not"
                    + " take its subnets back: " + e.getMessage());
        }
    }

    /** Removes every user network without endpoints whose labels match; returns their names. */
    List<String> prune(Map<String, String> labels) {
        List<String> removed = new ArrayList<>();
        for (Network n : ctx.state().networks().values()) {
            boolean matches = labels.entrySet().stream().allMatch(l -> l.getValue().equals(n.labels().get(l.getKey()))
                    || (l.getValue().isEmpty() && n.labels().containsKey(l.getKey())));
            if (!PREDEFINED.contains(n.name()) && matches && ctx.state().endpointsOf(n.id()).isEmpty()) {
                try {
                    delete(n.id().value());
                    removed.add(n.name());
                } catch (JnetException e) {
                    if (e.kind() != ErrorKind.CONFLICT && e.kind() != ErrorKind.NOT_FOUND) {
                        throw e; // raced with a connect or another prune: leave it
                    }
                }
            }
        }
        return removed.stream().sorted().toList();
    }

    /** Whether the network is one of the predefined ones, not the user's. */
    static boolean isPredefined(Network network) {
        return PREDEFINED.contains(network.name());
    }

    static String interfacePrefix(Network network) {
        return network.option(NetworkSpec.IFACE_PREFIX, "eth");
    }
}
