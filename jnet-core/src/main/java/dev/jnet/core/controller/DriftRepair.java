package dev.jnet.core.controller;

import dev.jnet.core.driver.DriftCheck;
import dev.jnet.core.driver.Driver;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Checks a {@link Suspicion} and, when the kernel really drifted from the state, repairs it with a
 * reconcile pass; counts each repair and logs it once. The checks run first without locks (cheap; most
 * suspicions are jnet's own changes, finished meanwhile), then again under the exclusive lock, where no
 * change of jnet's is half-done, so that only real drift leads to a repair.
 */
final class DriftRepair {
    private static final System.Logger LOG = System.getLogger(DriftRepair.class.getName());
    /** How long drift that a repair could not fix waits for the next attempt (and log line). */
    static final Duration RETRY_UNREPAIRED = Duration.ofSeconds(30);

    private final Context ctx;
    private final Reconciler reconciler;
    private final AtomicLong repairs = new AtomicLong();
    private List<String> unrepaired = List.of();
    private long retryAt;

    DriftRepair(Context ctx, Reconciler reconciler) {
        this.ctx = ctx;
        this.reconciler = reconciler;
    }

    /** How many repairs found drift and ran since the controller started. */
    long repairs() {
        return repairs.get();
    }

    /** What a check came to. */
    enum Outcome {
        /** Nothing differs (or it is drift that a repair could not fix, and its next attempt is not due). */
        NO_DRIFT,
        /** It drifted and the repair ran. */
        REPAIRED,
        /** Something seemed to differ while jnet's own changes were in progress: check again soon. */
        BUSY
    }

    /**
     * Repairs what {@code suspicion} points at if it drifted. With {@code mayWait}, the check under the
     * exclusive lock waits for the changes in progress (and holds back new ones meanwhile); without, it
     * runs only if no change is in progress, and is {@link Outcome#BUSY} otherwise: a connect storm then
     * never stalls for a check whose difference is most likely the storm itself.
     */
    Outcome checkAndRepair(Suspicion suspicion, boolean mayWait) {
        return checkAndRepair(suspicion, mayWait, () -> false);
    }

    /** As {@link #checkAndRepair(Suspicion, boolean)}; a wait for the lock ends, BUSY, once {@code giveUp} says so. */
    synchronized Outcome checkAndRepair(Suspicion suspicion, boolean mayWait, java.util.function.BooleanSupplier giveUp) {
        List<String> found = drift(ctx.state(), suspicion);
        if (found.isEmpty() || (found.equals(unrepaired) && System.nanoTime() < retryAt)) {
            return Outcome.NO_DRIFT;
        }
        Supplier<Outcome> underLock = () -> {
            List<String> still = drift(ctx.state(), suspicion);
            if (still.isEmpty()) {
                return Outcome.NO_DRIFT;
            }
            ReconcileReport report = reconciler.run();
            repairs.incrementAndGet();
            log(suspicion, still, report);
            return Outcome.REPAIRED;
        };
        return (mayWait ? ctx.locks.exclusiveUnless(giveUp, underLock) : ctx.locks.tryExclusive(underLock))
                .orElse(Outcome.BUSY);
    }

    private void log(Suspicion suspicion, List<String> found, ReconcileReport report) {
        String message = String.join("; ", found) + (suspicion.causes().isEmpty() ? "" : " (after: "
                + String.join(", ", suspicion.causes()) + ")") + " -> " + describe(report);
        if (report.problems().isEmpty()) {
            unrepaired = List.of();
            LOG.log(System.Logger.Level.INFO, "jnet repaired drift: " + message);
            ctx.changes.repaired(message);
            return;
        }
        boolean again = found.equals(unrepaired);
        unrepaired = found;
        retryAt = System.nanoTime() + RETRY_UNREPAIRED.toNanos();
        LOG.log(again ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING, "jnet could not repair all drift: "
                + message + "; problems: " + String.join("; ", report.problems()) + " (next attempt in "
                + RETRY_UNREPAIRED.toSeconds() + " s)");
    }

    private static String describe(ReconcileReport r) {
        List<String> parts = new ArrayList<>();
        count(parts, r.networksRecreated(), "network");
        count(parts, r.namespacesRecreated(), "namespace");
        count(parts, r.endpointsRejoined(), "endpoint");
        String repaired = parts.isEmpty() ? "" : "repaired " + String.join(", ", parts) + "; ";
        return repaired + (r.removed().isEmpty() ? "" : "removed " + String.join(", ", r.removed()) + "; ") + "firewall rebuilt";
    }

    private static void count(List<String> parts, int n, String what) {
        if (n > 0) {
            parts.add(n + " " + what + (n == 1 ? "" : "s"));
        }
    }

    /** What of the suspicion really differs from {@code state}, in words. */
    List<String> drift(State state, Suspicion suspicion) {
        List<String> found = new ArrayList<>();
        Collection<Network> networks = suspicion.everything() ? state.networks().values()
                : suspicion.networks().stream().map(state.networks()::get).filter(Objects::nonNull).toList();
        for (Network network : networks) {
            if (ctx.drivers.ofNetwork(network.driver()) instanceof DriftCheck check) {
                look(found, "network " + network.name(), () -> check.networkDrift(network));
            }
        }
        Collection<Endpoint> endpoints = suspicion.everything() ? state.endpoints().values()
                : suspicion.endpoints().stream().map(state.endpoints()::get).filter(Objects::nonNull).toList();
        for (Endpoint endpoint : endpoints) {
            look(found, "endpoint " + endpoint.name(), () -> endpointDrift(state, endpoint));
        }
        if (suspicion.sharedState()) {
            for (Driver driver : ctx.drivers.all()) {
                if (driver instanceof DriftCheck check) {
                    List<Network> own = state.networks().values().stream().filter(n -> n.driver().equals(driver.name())).toList();
                    Set<NetworkId> ids = own.stream().map(Network::id).collect(Collectors.toSet());
                    List<Endpoint> joined = state.endpoints().values().stream().filter(e -> ids.contains(e.network())).toList();
                    look(found, "driver " + driver.name(), () -> {
                        List<String> differences = check.sharedStateDrift(own, joined);
                        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
                    });
                }
            }
        }
        return found;
    }

    private Optional<String> endpointDrift(State state, Endpoint endpoint) {
        Network network = state.networks().get(endpoint.network());
        Sandbox sandbox = state.sandboxes().get(endpoint.sandbox());
        if (network == null || sandbox == null || !sandbox.enterable()) {
            return Optional.empty(); // a runtime's interfaces: jnet does not enter its namespace
        }
        boolean joined = ctx.drivers.ofNetwork(network.driver()).isJoined(network, endpoint, ctx.namespaceOf(sandbox));
        return joined ? Optional.empty() : Optional.of("endpoint of sandbox " + sandbox.name() + " on network "
                + network.name() + " lost its interface or its place on the bridge");
    }

    /** Runs one check; a check that fails counts as drift, which the repair (or its report) then explains. */
    private static void look(List<String> found, String what, Supplier<Optional<String>> check) {
        try {
            check.get().ifPresent(found::add);
        } catch (RuntimeException e) {
            found.add("could not check " + what + ": " + e.getMessage());
        }
    }
}
