package dev.jnet.core.controller;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.core.store.StoreChange;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Creating and removing sandboxes: a namespace each (or the host's) plus its hosts and resolv.conf. */
final class SandboxOps {
    private static final String ALL_SANDBOXES = "sandboxes";

    private final Context ctx;
    private final EndpointOps endpoints;

    SandboxOps(Context ctx, EndpointOps endpoints) {
        this.ctx = ctx;
        this.endpoints = endpoints;
    }

    private static final System.Logger LOG = System.getLogger(SandboxOps.class.getName());

    Sandbox create(SandboxSpec spec) {
        SandboxId id = SandboxId.random();
        String name = spec.name().orElse("sb-" + id.shortId());
        java.util.Optional<dev.jnet.core.model.SandboxOwner> owner = spec.ownerPid().map(dev.jnet.core.model.SandboxOwner::of);
        return ctx.locks.with(List.of(ALL_SANDBOXES, id.value()), () -> {
            java.util.Optional<Sandbox> taken = ctx.state().sandboxNamed(name);
            if (taken.isPresent()) {
                throw JnetException.conflict("sandbox name " + name + " is already in use" + (taken.get().owner().isPresent()
                        ? " (by a sandbox that lives for pid " + taken.get().owner().get().pid() + ", jnet run's or its"
                        + " command's, removed when that process ends; or now with: jnet sandbox rm " + name + ")"
                        : "; remove it with: jnet sandbox rm " + name));
            }
            Undo undo = new Undo();
            try {
                Path namespace = ctx.kernel.hostNamespace().path();
                if (spec.runtimeNamespace().isPresent()) {
                    namespace = spec.runtimeNamespace().get().path(); // the runtime's: never made nor removed here
                    if (!spec.runtimeNamespace().get().runtime().configuresInterfaces()) {
                        notTheHosts(namespace); // one jnet enters; dockerd's it never does, nor may see
                    }
                } else if (!spec.hostNetwork()) {
                    NetNs ns = ctx.kernel.createNamespace(id.shortId());
                    undo.push(() -> ctx.kernel.deleteNamespace(ns));
                    namespace = ns.path();
                }
                Sandbox sandbox = new Sandbox(id, name, spec.hostname().orElse(id.shortId()), namespace,
                        spec.hostNetwork(), spec.dns(), spec.extraHosts(), Instant.now(), owner,
                        spec.runtimeNamespace().map(SandboxSpec.RuntimeNamespace::runtime));
                undo.push(() -> ctx.files.delete(id));
                ctx.writeFiles(ctx.state(), sandbox, List.of());
                ctx.store.write(new StoreChange.PutSandbox(sandbox));
                ctx.publish(s -> s.with(sandbox));
                ctx.changes.sandboxCreated(sandbox);
                return sandbox;
            } catch (RuntimeException e) {
                throw undo.rollBack(e);
            }
        });
    }

    /** A runtime's namespace must exist and must not be jnet's host namespace: jnet would configure the host. */
    private void notTheHosts(Path namespace) {
        try {
            Path host = ctx.kernel.hostNamespace().path();
            if (Files.getAttribute(namespace, "unix:ino").equals(Files.getAttribute(host, "unix:ino"))
                    && Files.getAttribute(namespace, "unix:dev").equals(Files.getAttribute(host, "unix:dev"))) {
                throw JnetException.invalid("namespace " + namespace + " is the host's own: a container needs a network"
                        + " namespace of its own (in an OCI spec, a \"network\" entry in linux.namespaces)");
            }
        } catch (java.io.IOException | UnsupportedOperationException e) {
            throw JnetException.invalid("namespace " + namespace + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Hands the sandbox to another process ({@code jnet run} gives it to its command once that runs, so
     * that the sandbox lives as long as the command, even when jnet is killed). INVALID when {@code pid}
     * is not a running process.
     */
    Sandbox setOwner(String ref, long pid) {
        dev.jnet.core.model.SandboxOwner owner = dev.jnet.core.model.SandboxOwner.of(pid);
        Sandbox found = ctx.state().sandbox(ref);
        return ctx.locks.with(List.of(ALL_SANDBOXES, found.id().value()), () -> {
            Sandbox sandbox = ctx.state().sandbox(found.id().value()).withOwner(java.util.Optional.of(owner));
            ctx.store.write(new StoreChange.PutSandbox(sandbox));
            ctx.publish(s -> s.with(sandbox));
            return sandbox;
        });
    }

    /**
     * Removes each sandbox whose owner process has ended (a killed {@code jnet run}, an OCI container that
     * ended without poststop), or whose runtime's namespace file is gone (a runtime that removed a container
     * without telling jnet); returns their names.
     */
    List<String> removeOrphaned() {
        List<String> removed = new java.util.ArrayList<>();
        for (Sandbox s : ctx.state().sandboxes().values()) {
            java.util.Optional<String> why = orphaned(s);
            if (why.isPresent()) {
                try {
                    delete(s.id().value());
                    removed.add(s.name());
                    LOG.log(System.Logger.Level.INFO, "sandbox " + s.name() + " (id " + s.id().shortId()
                            + ") removed: " + why.get());
                } catch (JnetException e) {
                    if (e.kind() != dev.jnet.error.ErrorKind.NOT_FOUND) {
                        LOG.log(System.Logger.Level.WARNING, "cannot remove sandbox " + s.name() + " whose owner ended: "
                                + e.getMessage());
                    }
                }
            }
        }
        return removed;
    }

    private static java.util.Optional<String> orphaned(Sandbox s) {
        if (s.owner().isPresent() && !s.owner().get().alive()) {
            return java.util.Optional.of("its owner, pid " + s.owner().get().pid() + ", has ended");
        }
        // Only for namespaces jnet enters itself (CNI's): a runtime that configures its interfaces (dockerd) may
        // keep its namespace files where jnetd cannot see them, and cleans up its endpoints after a restart.
        if (s.runtime().isPresent() && !s.runtimeConfigured() && s.owner().isEmpty() && !Files.exists(s.namespace())) {
            return java.util.Optional.of("its runtime (" + s.runtime().get().name() + ") removed its namespace "
                    + s.namespace());
        }
        return java.util.Optional.empty();
    }

    /**
     * Disconnects the sandbox from every network, then removes its namespace, files and record. A connect
     * racing the removal is either disconnected in a later round or refused (the sandbox is gone).
     */
    void delete(String ref) {
        Sandbox sandbox = ctx.state().sandbox(ref);
        for (int round = 0; round < 5; round++) {
            for (Endpoint endpoint : ctx.state().endpointsOf(sandbox.id())) {
                endpoints.disconnect(endpoint.network().value(), sandbox.id().value(), true);
            }
            if (removeIfUnconnected(sandbox)) {
                return;
            }
        }
        throw JnetException.conflict("sandbox " + sandbox.name() + " kept being connected while it was being removed");
    }

    private boolean removeIfUnconnected(Sandbox sandbox) {
        PhaseTimer phases = PhaseTimer.micros();
        return ctx.locks.with(List.of(ALL_SANDBOXES, sandbox.id().value()), () -> {
            phases.done("locks");
            if (!ctx.state().sandboxes().containsKey(sandbox.id())) {
                throw JnetException.notFound("sandbox " + sandbox.name() + " not found (it was just removed)");
            }
            if (!ctx.state().endpointsOf(sandbox.id()).isEmpty()) {
                return false;
            }
            if (!sandbox.hostNetwork()) {
                NetNs ns = ctx.namespaceOf(sandbox);
                ctx.kernel.forget(ns); // for a runtime's namespace too: jnet's sockets there would keep it alive
                ctx.kernel.forget(new NetNs(ns.name(), sandbox.namespace())); // by its own path, if ns is "gone"
                if (sandbox.runtime().isEmpty() && Files.exists(ns.path())) {
                    ctx.kernel.namespaces().delete(ns.name());
                }
            }
            phases.done("namespace");
            ctx.dns.detach(sandbox.id());
            ctx.files.delete(sandbox.id());
            phases.done("resolver and files");
            ctx.store.write(new StoreChange.DeleteSandbox(sandbox.id()));
            phases.done("store");
            ctx.publish(s -> s.without(sandbox.id()));
            ctx.changes.sandboxRemoved(sandbox);
            LOG.log(System.Logger.Level.DEBUG, () -> "removal of sandbox " + sandbox.name() + " took " + phases);
            return true;
        });
    }
}
