package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Names;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.Scope;
import dev.jnet.core.store.StoreChange;
import dev.jnet.error.JnetException;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Gives a connected endpoint other aliases: for a runtime that names its containers only after their
 * interfaces joined (dockerd tells its network driver no name: jnet's Docker plugin asks dockerd afterwards).
 * The resolver answers to them at once; a global network's record in the cluster says them to the other hosts.
 */
final class EndpointAliases {
    private final Context ctx;

    EndpointAliases(Context ctx) {
        this.ctx = ctx;
    }

    Endpoint set(String networkRef, String sandboxRef, List<String> aliases) {
        List<String> wanted = checked(aliases);
        Network network = ctx.state().network(networkRef);
        Sandbox sandbox = ctx.state().sandbox(sandboxRef);
        return ctx.locks.with(List.of(network.id().value()), List.of(sandbox.id().value()), () -> {
            Endpoint before = ctx.state().endpoint(network.id(), sandbox.id()).orElseThrow(() ->
                    JnetException.notFound("sandbox " + sandbox.name() + " is not connected to network " + network.name()));
            if (!ctx.resolvesNames(network) && !wanted.isEmpty()) {
                throw JnetException.invalid("network-scoped aliases are supported only on user-defined networks");
            }
            if (before.aliases().equals(wanted)) {
                return before;
            }
            Endpoint after = before.withAliases(wanted);
            if (network.scope() == Scope.GLOBAL) {
                ctx.globals.joined(network, after); // the record with the new names: a failure changes nothing
            }
            try {
                ctx.store.write(new StoreChange.PutEndpoint(after));
            } catch (RuntimeException e) {
                if (network.scope() == Scope.GLOBAL) {
                    restoreRecord(network, before, e);
                }
                throw e;
            }
            ctx.publish(s -> s.with(after));
            ctx.writeFiles(ctx.state(), sandbox, ctx.state().endpointsOf(sandbox.id()));
            return after;
        });
    }

    /** The cluster's record back as it was, after the local store refused the change (best effort). */
    private void restoreRecord(Network network, Endpoint before, RuntimeException failure) {
        try {
            ctx.globals.joined(network, before);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The aliases without repeats, each valid as at a connect ({@link Names#check}). */
    private static List<String> checked(List<String> aliases) {
        if (aliases == null) {
            throw JnetException.invalid("aliases must be a list of names");
        }
        aliases.forEach(alias -> Names.check(alias, "alias"));
        return List.copyOf(new LinkedHashSet<>(aliases));
    }
}
