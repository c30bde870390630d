package dev.jnet.core.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A container's own network stack: a network namespace with its interfaces, routes and DNS settings.
 *
 * @param namespace the file that holds the namespace (the host's own for host networking)
 * @param hostNetwork whether the sandbox shares the host's namespace (the {@code host} driver)
 * @param extraHosts extra {@code /etc/hosts} lines ({@code --add-host name:ip})
 * @param owner the process the sandbox lives for, if any: jnet removes the sandbox once it is gone
 * @param runtime the container runtime whose namespace this is, if not jnet's own
 */
public record Sandbox(SandboxId id, String name, String hostname, Path namespace, boolean hostNetwork,
                      DnsConfig dns, List<ExtraHost> extraHosts, Instant created, java.util.Optional<SandboxOwner> owner,
                      java.util.Optional<SandboxRuntime> runtime) {
    public Sandbox {
        Names.check(name, "sandbox");
        extraHosts = List.copyOf(extraHosts);
        java.util.Objects.requireNonNull(runtime, "runtime");
    }

    /** A sandbox of jnet's own namespace (or the host's). */
    public Sandbox(SandboxId id, String name, String hostname, Path namespace, boolean hostNetwork, DnsConfig dns,
                   List<ExtraHost> extraHosts, Instant created, java.util.Optional<SandboxOwner> owner) {
        this(id, name, hostname, namespace, hostNetwork, dns, extraHosts, created, owner, java.util.Optional.empty());
    }

    /**
     * Whether jnet may enter the namespace: its own always; a runtime's only while its owner process lives
     * (else {@code /proc/PID/ns/net} may be another process's after a reboot) and its namespace file is there,
     * and never one whose runtime configures the interfaces itself.
     */
    public boolean enterable() {
        if (runtime.isEmpty()) {
            return true;
        }
        return !runtimeConfigured() && owner.map(SandboxOwner::alive).orElse(true)
                && java.nio.file.Files.exists(namespace);
    }

    /** Whether a runtime moves and configures its interfaces, so that jnet must never enter its namespace. */
    public boolean runtimeConfigured() {
        return runtime.map(SandboxRuntime::configuresInterfaces).orElse(false);
    }

    /** A sandbox that lives until it is removed. */
    public Sandbox(SandboxId id, String name, String hostname, Path namespace, boolean hostNetwork, DnsConfig dns,
                   List<ExtraHost> extraHosts, Instant created) {
        this(id, name, hostname, namespace, hostNetwork, dns, extraHosts, created, java.util.Optional.empty());
    }

    /** This sandbox living for {@code owner} instead. */
    public Sandbox withOwner(java.util.Optional<SandboxOwner> owner) {
        return new Sandbox(id, name, hostname, namespace, hostNetwork, dns, extraHosts, created, owner, runtime);
    }
}
