package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.Scope;
import dev.jnet.core.store.StoreChange;
import dev.jnet.error.JnetException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Gives a connected endpoint other aliases: for a runtime that names its containers only after their
 * interfaces joined (dockerd tells its network driver no name: jnet's Docker plugin asks dockerd afterwards).
 * The resolver answers to them at once; a global network's record in the cluster says them to the other hosts.
 */
final class EndpointAliases {
    /** Docker's limit for a DNS name, as for a container's name. */
    private static final int MAX_LENGTH = 255;
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
            ctx.store.write(new StoreChange.PutEndpoint(after));
            ctx.publish(s -> s.with(after));
            ctx.writeFiles(ctx.state(), sandbox, ctx.state().endpointsOf(sandbox.id()));
            return after;
        });
    }

    /** The aliases without repeats, each a non-blank name of at most 255 characters without spaces. */
    private static List<String> checked(List<String> aliases) {
        List<String> bad = new ArrayList<>();
        for (String a : aliases) {
            if (a == null || a.isBlank() || a.length() > MAX_LENGTH || a.chars().anyMatch(Character::isWhitespace)) {
                bad.add(String.valueOf(a));
            }
        }
        if (!bad.isEmpty()) {
            throw JnetException.invalid("invalid alias " + bad + ": an alias is a name of 1 to " + MAX_LENGTH
                    + " characters without spaces");
        }
        return List.copyOf(new LinkedHashSet<>(aliases));
    }
}
