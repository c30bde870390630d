package dev.jnet.core.controller;

import dev.jnet.core.driver.Attachment;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.JoinRequest;
import dev.jnet.core.driver.JoinResult;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.core.store.StoreChange;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Link;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Makes the kernel match the stored state: re-creates missing bridges, namespaces and interfaces, and
 * removes jnet-marked links, namespaces and files that nothing records. Level-triggered: the same pass
 * runs at start-up and on demand, and running it twice changes nothing the second time.
 */
final class Reconciler {
    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
    private final Context ctx;
    private final SandboxSetup setup;

    Reconciler(Context ctx) {
        this.ctx = ctx;
        this.setup = new SandboxSetup(ctx);
    }

    ReconcileReport run() {
        return ctx.locks.exclusive(() -> {
            State state = ctx.state();
            List<String> problems = new ArrayList<>();
            PhaseTimer phases = PhaseTimer.millis();
            ctx.restorePorts(state); // the firewall below is rebuilt from the same endpoints
            // Shared state first (the firewall table), so that re-created networks find it there.
            for (Driver driver : ctx.drivers.all()) {
                List<Network> networks = state.networks().values().stream()
                        .filter(n -> n.driver().equals(driver.name())).toList();
                List<Endpoint> endpoints = state.endpoints().values().stream()
                        .filter(e -> networks.stream().anyMatch(n -> n.id().equals(e.network()))).toList();
                attempt(problems, "driver " + driver.name(), () -> driver.reconcileAll(networks, endpoints));
            }
            phases.done("shared state");
            int networks = 0;
            boolean gatewayResolvers = false;
            for (Network network : state.networks().values()) {
                Driver driver = ctx.drivers.ofNetwork(network.driver());
                ctx.gatewayDns.releaseIfStale(network);
                networks += attempt(problems, "network " + network.name(), () -> driver.ensureNetwork(network)) ? 1 : 0;
                gatewayResolvers |= ctx.gatewayDns.ensure(network);
            }
            if (gatewayResolvers) {
                ctx.publish(s -> s); // the name table gives the new listeners their networks
            }
            Set<SandboxId> freshNamespaces = new HashSet<>();
            for (Sandbox sandbox : state.sandboxes().values()) {
                if (attempt(problems, "sandbox " + sandbox.name(), () -> ensureNamespace(sandbox))) {
                    freshNamespaces.add(sandbox.id());
                }
            }
            phases.done("networks and namespaces");
            // One list of the host's links for the join check and the orphans: this pass makes no link
            // that the orphan check would remove, and removes none that the join check looks for.
            Optional<List<Link>> hostLinks = listHostLinks(problems);
            Optional<Set<EndpointId>> joined = hostLinks.map(links -> joined(state, freshNamespaces, links));
            int rejoined = 0;
            // Each sandbox's by interface name, so that default routes go where they went before (eth0
            // first); a sandbox's endpoints one after the other, while its rtnetlink socket is open.
            for (Endpoint endpoint : state.endpoints().values().stream()
                    .sorted(Comparator.comparing((Endpoint e) -> e.sandbox().value())
                            .thenComparing(e -> e.interfaceName().value())).toList()) {
                rejoined += attempt(problems, "endpoint " + endpoint.name() + " on " + endpoint.network().shortId(),
                        () -> rejoin(state, endpoint, joined)) ? 1 : 0;
            }
            phases.done("endpoints");
            List<String> removed = new ArrayList<>();
            attempt(problems, "orphan links", () -> removeOrphanLinks(state, hostLinks, removed));
            attempt(problems, "orphan namespaces", () -> removeOrphanNamespaces(state, removed));
            attempt(problems, "orphan files", () -> removeOrphanFiles(state, removed));
            phases.done("orphans");
            // The resolvers' sockets are made on a namespace worker while this thread compares the files.
            List<String> resolverProblems = new ArrayList<>();
            Thread resolvers = Thread.ofVirtual().name("jnet-reconcile-resolvers")
                    .start(() -> syncResolvers(state, resolverProblems));
            for (Sandbox s : state.sandboxes().values()) {
                attempt(problems, "files of sandbox " + s.name(), () -> ctx.writeFiles(state, s, state.endpointsOf(s.id())));
            }
            joinUninterruptibly(resolvers);
            problems.addAll(resolverProblems);
            phases.done("resolvers and files");
            LOG.log(System.Logger.Level.DEBUG, "reconciliation of " + state.endpoints().size() + " endpoints took " + phases);
            return new ReconcileReport(networks, freshNamespaces.size(), rejoined, removed, problems);
        });
    }

    /** Runs one repair; a failure is recorded and the pass goes on with the rest. */
    private static boolean attempt(List<String> problems, String what, Supplier<Boolean> repair) {
        try {
            return Boolean.TRUE.equals(repair.get());
        } catch (RuntimeException e) {
            problems.add(what + ": " + e.getMessage());
            return false;
        }
    }

    private static boolean attempt(List<String> problems, String what, Runnable repair) {
        return attempt(problems, what, () -> {
            repair.run();
            return false;
        });
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every sandbox's resolver in one batch; should the batch fail as a whole, one by one, each with its own problem. */
    private void syncResolvers(State state, List<String> problems) {
        Map<SandboxId, RuntimeException> failed;
        try {
            failed = ctx.syncResolvers(state);
        } catch (RuntimeException e) {
            for (Sandbox s : state.sandboxes().values()) {
                attempt(problems, "resolver of sandbox " + s.name(), () -> ctx.syncResolver(state, s, state.endpointsOf(s.id())));
            }
            return;
        }
        failed.forEach((id, e) -> problems.add("resolver of sandbox " + state.sandboxes().get(id).name() + ": " + e.getMessage()));
    }

    private boolean ensureNamespace(Sandbox sandbox) {
        NetNs ns = ctx.namespaceOf(sandbox);
        if (sandbox.hostNetwork() || sandbox.runtime().isPresent() || ctx.kernel.namespaces().find(ns.name()).isPresent()) {
            return false; // a runtime's namespace is the runtime's to make
        }
        ctx.kernel.forget(ns);
        ctx.kernel.createNamespace(ns.name());
        return true;
    }

    private Optional<List<Link>> listHostLinks(List<String> problems) {
        try {
            return Optional.of(ctx.kernel.host().links().list());
        } catch (RuntimeException e) {
            problems.add("host links: " + e.getMessage() + " (each endpoint is checked on its own)");
            return Optional.empty();
        }
    }

    /**
     * The endpoints whose kernel objects are all there, each driver asked once for all of its own; those
     * in a namespace this pass has just made are not (whatever their driver would conclude from the host).
     */
    private Set<EndpointId> joined(State state, Set<SandboxId> freshNamespaces, List<Link> hostLinks) {
        Map<Driver, List<Attachment>> byDriver = new HashMap<>();
        for (Endpoint endpoint : state.endpoints().values()) {
            Network network = state.networks().get(endpoint.network());
            Sandbox sandbox = state.sandboxes().get(endpoint.sandbox());
            if (!freshNamespaces.contains(sandbox.id()) && sandbox.enterable()) {
                byDriver.computeIfAbsent(ctx.drivers.ofNetwork(network.driver()), d -> new ArrayList<>())
                        .add(new Attachment(network, endpoint, ctx.namespaceOf(sandbox)));
            }
        }
        Set<EndpointId> joined = new HashSet<>();
        byDriver.forEach((driver, attachments) -> joined.addAll(driver.joined(attachments, hostLinks)));
        return joined;
    }

    /** Joins the endpoint again unless it is joined ({@code joined}, or asked on its own without that list). */
    private boolean rejoin(State state, Endpoint endpoint, Optional<Set<EndpointId>> joined) {
        Network network = state.networks().get(endpoint.network());
        Sandbox sandbox = state.sandboxes().get(endpoint.sandbox());
        Driver driver = ctx.drivers.ofNetwork(network.driver());
        NetNs ns = ctx.namespaceOf(sandbox);
        if (!sandbox.enterable()) {
            return false; // its runtime's to move in again, or its container ended (the owner watch removes it)
        }
        if (joined.map(j -> j.contains(endpoint.id())).orElseGet(() -> driver.isJoined(network, endpoint, ns))) {
            return false;
        }
        driver.leave(network, endpoint, ns);
        if (!sandbox.hostNetwork()) {
            ctx.kernel.in(ns).links().deleteIfPresent(endpoint.interfaceName());
        }
        JoinResult result = driver.join(new JoinRequest(network, endpoint, ns, List.of(), ctx.hostPorts));
        Endpoint joinedAgain = endpoint.joinedAs(result.record(), result.ports(),
                EndpointOps.chosen(driver, endpoint.ipv4(), result.ipv4()), EndpointOps.chosen(driver, endpoint.ipv6(), result.ipv6()));
        Endpoint rejoined = EndpointOps.named(joinedAgain, result);
        setup.configure(ns, rejoined, result);
        if (!rejoined.equals(endpoint)) { // what the driver decided now is what its later calls get
            ctx.store.write(new StoreChange.PutEndpoint(rejoined));
            ctx.publish(s -> s.with(rejoined));
        }
        return true;
    }

    /** Links marked {@code jnet:network:ID} or {@code jnet:endpoint:ID} whose ID nothing records. */
    private void removeOrphanLinks(State state, Optional<List<Link>> hostLinks, List<String> removed) {
        Set<String> known = new HashSet<>();
        state.networks().keySet().forEach(id -> known.add(Driver.OWNER_MARK + "network:" + id));
        state.endpoints().keySet().forEach(id -> known.add(Driver.OWNER_MARK + "endpoint:" + id));
        for (Link link : hostLinks.orElseGet(() -> ctx.kernel.host().links().list())) {
            if (link.alias().startsWith(Driver.OWNER_MARK) && !known.contains(link.alias())) {
                if (ctx.kernel.host().links().deleteIfPresent(link.name())) {
                    removed.add("link " + link.name() + " (" + link.alias() + ")");
                }
            }
        }
    }

    private void removeOrphanNamespaces(State state, List<String> removed) {
        Set<String> known = new HashSet<>();
        state.sandboxes().values().forEach(s -> known.add(s.id().shortId()));
        for (String name : ctx.kernel.namespaces().list()) {
            // Only names shaped like a sandbox's (12 hex digits) are jnet's to remove.
            if (!known.contains(name) && name.matches("[0-9a-f]{12}")) {
                // Not open(): a file left empty by a crash mid-create is no namespace, but must go too.
                ctx.kernel.deleteNamespace(new NetNs(name, ctx.kernel.namespaces().directory().resolve(name)));
                removed.add("namespace " + name);
            }
        }
    }

    private void removeOrphanFiles(State state, List<String> removed) {
        Set<String> known = new HashSet<>();
        state.sandboxes().keySet().forEach(id -> known.add(id.value()));
        for (String id : ctx.files.ids()) {
            if (!known.contains(id)) {
                ctx.files.delete(id);
                removed.add("files of sandbox " + id);
            }
        }
    }
}
