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
 */
public record Sandbox(SandboxId id, String name, String hostname, Path namespace, boolean hostNetwork,
                      DnsConfig dns, List<ExtraHost> extraHosts, Instant created, java.util.Optional<SandboxOwner> owner) {
    public Sandbox {
        Names.check(name, "sandbox");
        extraHosts = List.copyOf(extraHosts);
    }

    /** A sandbox that lives until it is removed. */
    public Sandbox(SandboxId id, String name, String hostname, Path namespace, boolean hostNetwork, DnsConfig dns,
                   List<ExtraHost> extraHosts, Instant created) {
        this(id, name, hostname, namespace, hostNetwork, dns, extraHosts, created, java.util.Optional.empty());
    }

    /** This sandbox living for {@code owner} instead. */
    public Sandbox withOwner(java.util.Optional<SandboxOwner> owner) {
        return new Sandbox(id, name, hostname, namespace, hostNetwork, dns, extraHosts, created, owner);
    }
}
