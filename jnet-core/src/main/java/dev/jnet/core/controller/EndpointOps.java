package dev.jnet.core.controller;

import dev.jnet.core.driver.Capabilities;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.ipam.AddressOwner;
import dev.jnet.core.ipam.Ipam;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Names;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.store.StoreChange;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Connecting sandboxes to networks and disconnecting them: CNM's join and leave. */
final class EndpointOps {
    private static final System.Logger LOG = System.getLogger(EndpointOps.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Where address claims made beside another join run: they mostly wait for the cluster store. */
    private static final Executor CLAIMS = Executors.newVirtualThreadPerTaskExecutor();
    private final Context ctx;
    private final SandboxSetup setup;

    EndpointOps(Context ctx) {
        this.ctx = ctx;
        this.setup = new SandboxSetup(ctx);
    }

    Endpoint connect(String networkRef, String sandboxRef, ConnectSpec spec) {
        return connect(networkRef, sandboxRef, spec, Optional.empty());
    }

    /**
     * A second connect of the same sandbox, made in the same step as the first: its join runs while the first
     * one's address claim is out (a cluster store's round trip), so the wait costs the sandbox nothing. The
     * gateway bridge's connect beside an overlay's.
     */
    record Alongside(Network network, ConnectSpec spec) {}

    /** What the other connect of the same step has taken already: its endpoint id and interface name. */
    private record Taken(Optional<EndpointId> id, Optional<IfName> inside) {
        static final Taken NONE = new Taken(Optional.empty(), Optional.empty());
    }

    /** Connects; with {@code alongside}, also there, both under one taking of the locks, neither kept if either fails. */
    Endpoint connect(String networkRef, String sandboxRef, ConnectSpec spec, Optional<Alongside> alongside) {
        Network network = ctx.state().network(networkRef);
        Sandbox sandbox = ctx.state().sandbox(sandboxRef);
        PhaseTimer phases = PhaseTimer.micros();
        List<String> networks = new ArrayList<>(List.of(network.id().value()));
        alongside.ifPresent(a -> networks.add(a.network().id().value()));
        return ctx.locks.with(networks, List.of(sandbox.id().value()), () -> {
            phases.done("locks");
            Undo undo = new Undo();
            try {
                List<Endpoint> made = new ArrayList<>();
                Optional<Consumer<Taken>> beside = alongside.map(a -> taken ->
                        made.add(join(a.network(), sandbox, a.spec(), taken, Optional.empty(), undo, phases)));
                made.addFirst(join(network, sandbox, spec, Taken.NONE, beside, undo, phases));
                record(sandbox, made, undo, phases);
                return made.getFirst();
            } catch (RuntimeException e) {
                throw undo.rollBack(e);
            }
        });
    }

    /**
     * The endpoint's addresses and its driver's join, its interface set up in the sandbox; with {@code beside},
     * the other join of the step runs while the addresses are claimed, and so does this one's driver join where
     * the driver {@linkplain Capabilities#joinsWithoutAddresses needs no addresses} and the addresses come from a
     * cluster store. Inverses go onto {@code undo}.
     */
    private Endpoint join(Network network, Sandbox sandbox, ConnectSpec spec, Taken taken,
                          Optional<Consumer<Taken>> beside, Undo undo, PhaseTimer phases) {
        State state = ctx.state();
        stillThere(state, network, sandbox);
        check(state, network, sandbox, spec);
        Driver driver = ctx.driverOf(network);
        IfName inside = interfaceName(state, sandbox, network, spec, taken.inside());
        if (!sandbox.runtimeConfigured()) {
            notTakenInside(sandbox, spec, inside);
        }
        if (!spec.ports().isEmpty() && !driver.capabilities().publishesPorts()) {
            throw JnetException.invalid("ports cannot be published on network " + network.name() + ": its driver "
                    + network.driver() + " does not publish ports");
        }
        EndpointId id = newEndpointId(state, () -> taken.id().map(EndpointOps::otherThan).orElseGet(EndpointId::random));
        // An IPAM plugin that needs the MAC with the address gets a random one when none is asked for.
        Optional<MacAddress> mac = spec.mac().or(() -> ctx.ipamFor(network).requiresMac()
                ? Optional.of(macFor(Optional.empty())) : Optional.empty());
        Joining j = new Joining(network, sandbox, spec, driver, id, inside, mac, ctx.namespaceOf(sandbox));
        AddressOwner owner = new AddressOwner(id, Endpoint.names(sandbox.name(), spec.aliases()), mac);
        String step = taken.id().isPresent() ? "beside: " : ""; // the join made while the other one's address is claimed
        Runnable besideJoin = () -> beside.ifPresent(b -> b.accept(new Taken(Optional.of(id), Optional.of(inside))));
        if (driver.capabilities().joinsWithoutAddresses() && network.scope() == dev.jnet.core.model.Scope.GLOBAL
                && !sandbox.runtimeConfigured()) {
            return joinWhileClaiming(j, owner, besideJoin, undo, phases);
        }
        Addresses addresses = beside.isEmpty() ? addresses(network, spec, owner, undo)
                : addressesBeside(network, spec, owner, undo, besideJoin);
        phases.done(step + (beside.isPresent() ? "rest of the address claim" : "checks and addresses"));
        Endpoint planned = j.planned(addresses, ctx.config.hostId());
        JoinResult joined = driverJoin(j, planned, undo);
        phases.done(step + "driver join");
        return setUp(j, joinedEndpoint(driver, planned, joined, sandbox), joined, step, phases);
    }

    /** What one endpoint's join is made of before its addresses are known. */
    private record Joining(Network network, Sandbox sandbox, ConnectSpec spec, Driver driver, EndpointId id,
                           IfName inside, Optional<MacAddress> mac, NetNs ns) {
        /** The endpoint with {@code addresses}, and the MAC asked for or Docker's for its IPv4 address. */
        Endpoint planned(Addresses addresses, String hostId) {
            return new Endpoint(id, sandbox.name(), network.id(), sandbox.id(), inside, addresses.ipv4(), addresses.ipv6(),
                    mac.orElseGet(() -> macFor(addresses.ipv4())), spec.aliases(), spec.driverOptions(), List.of())
                    .onHost(hostId);
        }
    }

    /**
     * The driver's join made while the addresses are claimed (after the other join of the step, if any), as its
     * driver needs neither them nor the MAC: the interface gets the MAC for its address afterwards, while down.
     */
    private Endpoint joinWhileClaiming(Joining j, AddressOwner owner, Runnable besideJoin, Undo undo, PhaseTimer phases) {
        Endpoint early = j.planned(new Addresses(Optional.empty(), Optional.empty()), ctx.config.hostId());
        JoinResult[] joined = new JoinResult[1];
        Addresses addresses = addressesBeside(j.network(), j.spec(), owner, undo, () -> {
            besideJoin.run();
            joined[0] = driverJoin(j, early, undo);
            phases.done("driver join while the address is claimed");
        });
        phases.done("rest of the address claim");
        Endpoint endpoint = joinedEndpoint(j.driver(), j.planned(addresses, ctx.config.hostId()), joined[0], j.sandbox());
        if (!endpoint.mac().equals(early.mac())) {
            ctx.kernel.in(j.ns()).links().setMac(endpoint.interfaceName(), endpoint.mac());
        }
        return setUp(j, endpoint, joined[0], "", phases);
    }

    /** The driver's join of {@code planned}; its leave goes onto {@code undo}. */
    private JoinResult driverJoin(Joining j, Endpoint planned, Undo undo) {
        JoinResult joined = j.driver().join(new JoinRequest(j.network(), planned, j.ns(), j.spec().ports(), ctx.hostPorts,
                j.sandbox().runtimeConfigured()));
        Endpoint made = joinedEndpoint(j.driver(), planned, joined, j.sandbox());
        undo.push(() -> leave(j.driver(), j.network(), made, j.ns()));
        return joined;
    }

    /** The endpoint {@code planned} as its driver joined it: its record, ports, addresses and interface. */
    private Endpoint joinedEndpoint(Driver driver, Endpoint planned, JoinResult joined, Sandbox sandbox) {
        return named(planned.joinedAs(recorded(sandbox, joined), joined.ports(), chosen(driver, planned.ipv4(), joined.ipv4()),
                chosen(driver, planned.ipv6(), joined.ipv6())), joined);
    }

    /** The MAC asked for is checked, the interface set up in the sandbox. */
    private Endpoint setUp(Joining j, Endpoint endpoint, JoinResult joined, String step, PhaseTimer phases) {
        if (j.spec().mac().isPresent() && !endpoint.mac().equals(j.spec().mac().get())) {
            throw JnetException.invalid("network " + j.network().name() + " cannot give the requested MAC address "
                    + j.spec().mac().get() + ": its driver's interface has " + endpoint.mac());
        }
        if (!j.sandbox().runtimeConfigured()) {
            setup.configure(j.ns(), endpoint, joined);
        }
        phases.done(step + "sandbox set-up");
        return endpoint;
    }

    /**
     * The joined endpoints of one step, kept: the sandbox's resolver and files once for all of them, the
     * cluster told of the global ones, one store write. Nothing may fail after the store's write.
     */
    private void record(Sandbox sandbox, List<Endpoint> made, Undo undo, PhaseTimer phases) {
        State before = ctx.state();
        State after = before;
        for (Endpoint e : made) {
            after = after.with(e);
        }
        List<Endpoint> endpoints = after.endpointsOf(sandbox.id());
        if (ctx.syncResolver(after, sandbox, endpoints)) {
            undo.push(() -> ctx.dns.detach(sandbox.id()));
        }
        ctx.writeFiles(after, sandbox, endpoints);
        undo.push(() -> ctx.writeFiles(before, sandbox, before.endpointsOf(sandbox.id())));
        phases.done("resolver and files");
        for (Endpoint e : made) {
            Network network = before.networks().get(e.network());
            if (network.scope() == dev.jnet.core.model.Scope.GLOBAL) {
                ctx.globals.joined(network, e);
                undo.push(() -> ctx.globals.left(network, e));
            }
        }
        ctx.store.write(made.stream().<StoreChange>map(StoreChange.PutEndpoint::new).toList()); // nothing may fail after this
        ctx.publish(s -> {
            State next = s;
            for (Endpoint e : made) {
                next = next.with(e);
            }
            return next;
        });
        phases.done("store");
        for (Endpoint e : made) {
            ctx.changes.connected(before.networks().get(e.network()), sandbox, e);
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "connect of " + sandbox.name() + " to " + made.stream()
                .map(e -> before.networks().get(e.network()).name()).collect(Collectors.joining(" and "))
                + " took " + phases);
    }

    /** A random endpoint id whose name digits differ from {@code other}'s. */
    private static EndpointId otherThan(EndpointId other) {
        while (true) {
            EndpointId id = EndpointId.random();
            if (!id.nameDigits().equals(other.nameDigits())) {
                return id;
            }
        }
    }

    /**
     * The endpoint's address after its join: where jnet's IPAM gives addresses, a driver's counts only where
     * IPAM gave none (a network without subnets); a driver without IPAM ({@link Capabilities#ipam}, CNI's)
     * chooses, the address asked for being only a request to it.
     */
    static Optional<Cidr> chosen(Driver driver, Optional<Cidr> ipam, Optional<Cidr> joined) {
        return driver.capabilities().ipam() ? ipam.or(() -> joined) : joined.or(() -> ipam);
    }

    /**
     * The endpoint under the name its driver gave its interface (a plugin's {@code DstPrefix}), if another, and
     * with the MAC the driver chose, if it did.
     */
    static Endpoint named(Endpoint endpoint, JoinResult joined) {
        Endpoint named = joined.interfaces().isEmpty() || joined.interfaces().getFirst().name().equals(endpoint.interfaceName())
                ? endpoint : endpoint.withInterfaceName(joined.interfaces().getFirst().name());
        return joined.mac().map(named::withMac).orElse(named);
    }

    private record Addresses(Optional<Cidr> ipv4, Optional<Cidr> ipv6) {}

    /** The endpoint's addresses, each from IPAM; their release is pushed onto {@code undo}. */
    private Addresses addresses(Network network, ConnectSpec spec, AddressOwner owner, Undo undo) {
        Optional<Cidr> v4 = address(network, network.ipv4(), spec.ipv4(), "IPv4", owner, undo);
        Optional<Cidr> v6 = address(network, network.ipv6(), spec.ipv6(), "IPv6", owner, undo);
        return new Addresses(v4, v6);
    }

    /**
     * {@link #addresses}, claimed on a thread of their own while {@code meanwhile} runs here; what either did is
     * undone if either fails.
     */
    private Addresses addressesBeside(Network network, ConnectSpec spec, AddressOwner owner, Undo undo, Runnable meanwhile) {
        Undo claims = new Undo(); // only the claiming thread pushes onto it, until it is joined
        CompletableFuture<Addresses> claimed = CompletableFuture.supplyAsync(
                () -> addresses(network, spec, owner, claims), CLAIMS);
        try {
            meanwhile.run();
        } catch (RuntimeException e) {
            claimed.handle((a, failure) -> a).join(); // the claim ends before what it took is given back
            throw claims.rollBack(e);
        }
        try {
            Addresses addresses = claimed.join();
            undo.absorb(claims);
            return addresses;
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw claims.rollBack(failure);
            }
            throw e;
        }
    }

    /**
     * A fresh endpoint id whose {@link EndpointId#nameDigits} no other endpoint of the host has, so that the
     * kernel objects drivers name after them (the bridge's {@code veth1a2b3c4}) never clash.
     */
    static EndpointId newEndpointId(State state, Supplier<EndpointId> random) {
        while (true) {
            EndpointId id = random.get();
            if (!state.nameDigitsTaken(id.nameDigits())) {
                return id;
            }
        }
    }

    /** Under the locks: the network and sandbox looked up before may have been removed meanwhile. */
    private static void stillThere(State state, Network network, Sandbox sandbox) {
        if (!state.networks().containsKey(network.id())) {
            throw JnetException.notFound("network " + network.name() + " not found (it was just removed)");
        }
        if (!state.sandboxes().containsKey(sandbox.id())) {
            throw JnetException.notFound("sandbox " + sandbox.name() + " not found (it was just removed)");
        }
    }

    private void check(State state, Network network, Sandbox sandbox, ConnectSpec spec) {
        if (state.endpoint(network.id(), sandbox.id()).isPresent()) {
            throw JnetException.conflict("sandbox " + sandbox.name() + " is already connected to network " + network.name());
        }
        Capabilities capabilities = ctx.driverOf(network).capabilities();
        boolean hostNetwork = capabilities.sharesHostNamespace();
        if (hostNetwork != sandbox.hostNetwork()) {
            throw new JnetException(ErrorKind.FORBIDDEN, hostNetwork
                    ? "only a sandbox created with the host's namespace can join the host network"
                    : "sandbox " + sandbox.name() + " shares the host's namespace and can only join the host network");
        }
        List<Endpoint> others = state.endpointsOf(sandbox.id());
        boolean none = capabilities.exclusive();
        boolean onNone = others.stream().anyMatch(e -> ctx.driverOf(state.networks().get(e.network())).capabilities().exclusive());
        if ((none && !others.isEmpty()) || onNone) {
            throw new JnetException(ErrorKind.FORBIDDEN, "a sandbox on the none network cannot be on any other network");
        }
        if (NetworkOps.isPredefined(network)) {
            if (!spec.aliases().isEmpty()) {
                throw JnetException.invalid("network-scoped aliases are supported only on user-defined networks");
            }
            if (spec.ipv4().isPresent() || spec.ipv6().isPresent()) {
                throw JnetException.invalid("a user-specified IP address is supported only on user-defined networks");
            }
        }
        spec.aliases().forEach(alias -> Names.check(alias, "alias"));
    }

    /** Reserves the endpoint's address in the pool that holds {@code preferred}, or in the first pool. */
    private Optional<Cidr> address(Network network, List<IpamPool> pools, Optional<InetAddress> preferred,
                                   String family, AddressOwner owner, Undo undo) {
        if (pools.isEmpty()) {
            if (preferred.isPresent() && !ctx.driverOf(network).capabilities().ipam()) {
                return Optional.of(Cidr.host(preferred.get())); // the driver's own IPAM is asked for it
            }
            if (preferred.isPresent()) {
                throw JnetException.invalid("network " + network.name() + " has no " + family + " subnet for "
                        + IpFormat.format(preferred.get()));
            }
            return Optional.empty();
        }
        IpamPool pool = preferred.map(ip -> pools.stream().filter(p -> p.subnet().contains(ip)).findFirst()
                .orElseThrow(() -> JnetException.invalid("requested address " + IpFormat.format(ip)
                        + " is not in any subnet of network " + network.name())))
                .orElse(pools.getFirst());
        Ipam ipam = ctx.ipamFor(network);
        Cidr address = ipam.allocateAddress(network.id(), pool, preferred, owner);
        undo.push(() -> ipam.releaseAddress(network.id(), pool, address.address()));
        return Optional.of(address);
    }

    /**
     * The record to keep: the driver's, and for a runtime that moves interfaces itself, the name under which
     * the interface waits for it in the host namespace (INTERNAL if the driver left none there).
     */
    private static dev.jnet.core.model.JoinRecord recorded(Sandbox sandbox, JoinResult joined) {
        if (!sandbox.runtimeConfigured() || joined.interfaces().isEmpty()) {
            return joined.record();
        }
        return joined.record().awaitingMoveAs(joined.interfaces().getFirst().madeInHostAs().orElseThrow(() ->
                new JnetException(ErrorKind.INTERNAL, "the driver made the interface of sandbox " + sandbox.name()
                        + " inside it, though its runtime moves interfaces itself")));
    }

    /** Undoes a join: the driver's leave, and the host ports it took. */
    private void leave(Driver driver, Network network, Endpoint endpoint, NetNs ns) {
        driver.leave(network, endpoint, ns);
        if (driver.holdsHostPorts(network)) {
            ctx.ports.release(endpoint.ports());
        }
    }

    /** The endpoint option naming the interface inside the sandbox, as Docker's ({@code driver-opt}). */
    static final String IFNAME = ConnectSpec.IFNAME_OPTION;
    /** Every sandbox namespace has it from birth. */
    private static final IfName LOOPBACK = IfName.of("lo");

    /**
     * The interface inside the sandbox: the one {@link #IFNAME} asks for, else the next free one. Other
     * {@code com.docker.network.endpoint.*} options are refused: jnet would silently ignore them.
     */
    private static IfName interfaceName(State state, Sandbox sandbox, Network network, ConnectSpec spec, Optional<IfName> taken) {
        for (String key : spec.driverOptions().keySet()) {
            if (key.startsWith("com.docker.network.endpoint.") && !key.equals(IFNAME)) {
                throw JnetException.invalid("endpoint option " + key + " is not supported by jnet (only " + IFNAME + ")");
            }
        }
        String asked = spec.driverOptions().get(IFNAME);
        if (asked == null) {
            return nextInterface(state, sandbox, NetworkOps.interfacePrefix(network), taken);
        }
        IfName name = IfName.of(asked);
        if (name.equals(LOOPBACK)) {
            throw JnetException.invalid("sandbox " + sandbox.name() + " already has an interface lo, its loopback: "
                    + IFNAME + " must name another interface");
        }
        if (taken.equals(Optional.of(name)) || state.endpointsOf(sandbox.id()).stream().anyMatch(e -> e.interfaceName().equals(name))) {
            throw JnetException.conflict("sandbox " + sandbox.name() + " already has an interface " + name);
        }
        return name;
    }

    /** A name asked for that a link inside the sandbox has, though no endpoint does: someone else made it. */
    private void notTakenInside(Sandbox sandbox, ConnectSpec spec, IfName name) {
        if (spec.driverOptions().containsKey(IFNAME) && !sandbox.hostNetwork()
                && ctx.kernel.in(ctx.namespaceOf(sandbox)).links().find(name).isPresent()) {
            throw JnetException.conflict("sandbox " + sandbox.name() + " already has an interface " + name
                    + " that jnet did not make: " + IFNAME + " must name another interface");
        }
    }

    /** {@code PREFIX} and the lowest number no interface of the sandbox with that prefix has. */
    private static IfName nextInterface(State state, Sandbox sandbox, String prefix, Optional<IfName> alsoTaken) {
        List<String> taken = Stream.concat(state.endpointsOf(sandbox.id()).stream().map(Endpoint::interfaceName),
                alsoTaken.stream()).map(IfName::value).toList();
        for (int n = 0; ; n++) {
            if (!taken.contains(prefix + n)) {
                return IfName.of(prefix + n);
            }
        }
    }

    /** Docker's MAC for an IPv4 endpoint: 02:42 and the four address bytes; random without IPv4. */
    static MacAddress macFor(Optional<Cidr> ipv4) {
        if (ipv4.isPresent() && ipv4.get().address() instanceof Inet4Address v4) {
            return AddressOwner.forIpv4(v4);
        }
        byte[] mac = new byte[6];
        RANDOM.nextBytes(mac);
        mac[0] = (byte) ((mac[0] & 0xfe) | 0x02); // unicast, locally administered
        return MacAddress.of(mac);
    }

    /** Leaves the network; with {@code force}, a driver failure does not keep the endpoint. */
    void disconnect(String networkRef, String sandboxRef, boolean force) {
        Network network = ctx.state().network(networkRef);
        Sandbox sandbox = ctx.state().sandbox(sandboxRef);
        PhaseTimer phases = PhaseTimer.micros();
        ctx.locks.with(List.of(network.id().value()), List.of(sandbox.id().value()), () -> {
            phases.done("locks");
            stillThere(ctx.state(), network, sandbox);
            Endpoint endpoint = ctx.state().endpoint(network.id(), sandbox.id()).orElseThrow(() ->
                    JnetException.notFound("sandbox " + sandbox.name() + " is not connected to network " + network.name()));
            NetNs ns = ctx.namespaceOf(sandbox);
            boolean left = true;
            try {
                ctx.driverOf(network).leave(network, endpoint, ns);
            } catch (RuntimeException e) {
                if (!force) {
                    throw e;
                }
                left = false; // its DNAT entries may remain: its host ports stay held until reconcile clears both
            }
            phases.done("driver leave");
            ctx.store.write(new StoreChange.DeleteEndpoint(endpoint.id()));
            phases.done("store");
            if (network.scope() == dev.jnet.core.model.Scope.GLOBAL) {
                bestEffort("withdraw endpoint " + endpoint.id().shortId() + " from the cluster", () -> ctx.globals.left(network, endpoint));
            }
            boolean portsToo = left;
            bestEffort("give endpoint " + endpoint.id().shortId() + "'s addresses and ports back",
                    () -> release(network, endpoint, portsToo));
            ctx.publish(s -> s.without(endpoint.id()));
            ctx.changes.disconnected(network, sandbox, endpoint);
            // The change is durable: what follows is best effort, and reconciliation finishes it if it fails.
            List<Endpoint> remaining = ctx.state().endpointsOf(sandbox.id());
            if (!sandbox.runtimeConfigured()) { // else its routes, resolver and files are the runtime's
                restoreSandbox(sandbox, ns, remaining);
            }
            phases.done("sandbox's routes, resolver and files");
            LOG.log(System.Logger.Level.DEBUG, () -> "disconnect of " + sandbox.name() + " from " + network.name() + " took " + phases);
            return null;
        });
    }

    /** After a disconnect: the sandbox's default routes, resolver and files for the endpoints it keeps. */
    private void restoreSandbox(Sandbox sandbox, NetNs ns, List<Endpoint> remaining) {
        if (sandbox.enterable()) { // not a runtime's namespace that is gone already
            bestEffort("restore the default routes of sandbox " + sandbox.name(), () -> setup.ensureDefaultRoutes(ns, remaining));
        }
        State now = ctx.state();
        bestEffort("update the resolver of sandbox " + sandbox.name(), () -> ctx.syncResolver(now, sandbox, remaining));
        bestEffort("rewrite the files of sandbox " + sandbox.name(), () -> ctx.writeFiles(now, sandbox, remaining));
    }

    private static void bestEffort(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not " + what + " (reconcile will retry): " + e.getMessage());
        }
    }

    private void release(Network network, Endpoint endpoint, boolean portsToo) {
        if (portsToo && ctx.driverOf(network).holdsHostPorts(network)) {
            ctx.ports.release(endpoint.ports());
        }
        for (Cidr address : List.of(endpoint.ipv4(), endpoint.ipv6()).stream().flatMap(Optional::stream).toList()) {
            network.pools().stream().filter(p -> p.subnet().contains(address.address())).findFirst()
                    .ifPresent(pool -> ctx.ipamFor(network).releaseAddress(network.id(), pool, address.address()));
        }
    }
}
