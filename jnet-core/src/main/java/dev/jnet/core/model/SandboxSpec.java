package dev.jnet.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A request to create a sandbox.
 *
 * @param name the sandbox's name; empty for one made from its id
 * @param hostname the hostname written to its hosts file; empty for the first 12 digits of its id
 * @param hostNetwork share the host's namespace instead of getting one (only the {@code host} network
 *                    can then be joined)
 * @param ownerPid a process on this machine the sandbox lives for: when it ends, jnet removes the sandbox
 */
public record SandboxSpec(Optional<String> name, Optional<String> hostname, boolean hostNetwork, DnsConfig dns,
                          List<ExtraHost> extraHosts, Optional<Long> ownerPid) {
    public static final SandboxSpec DEFAULT =
            new SandboxSpec(Optional.empty(), Optional.empty(), false, DnsConfig.HOST, List.of());

    public SandboxSpec {
        name.ifPresent(n -> Names.check(n, "sandbox"));
        hostname.ifPresent(h -> DnsNames.hostName("hostname", h));
        extraHosts = List.copyOf(extraHosts);
    }

    /** A sandbox that lives until it is removed. */
    public SandboxSpec(Optional<String> name, Optional<String> hostname, boolean hostNetwork, DnsConfig dns,
                       List<ExtraHost> extraHosts) {
        this(name, hostname, hostNetwork, dns, extraHosts, Optional.empty());
    }

    public static SandboxSpec named(String name) {
        return new SandboxSpec(Optional.of(name), Optional.empty(), false, DnsConfig.HOST, List.of());
    }

    public SandboxSpec withHostNetwork(boolean value) {
        return new SandboxSpec(name, hostname, value, dns, extraHosts, ownerPid);
    }

    public SandboxSpec withDns(DnsConfig value) {
        return new SandboxSpec(name, hostname, hostNetwork, value, extraHosts, ownerPid);
    }

    public SandboxSpec withExtraHosts(List<ExtraHost> value) {
        return new SandboxSpec(name, hostname, hostNetwork, dns, value, ownerPid);
    }

    public SandboxSpec withHostname(String value) {
        return new SandboxSpec(name, Optional.of(value), hostNetwork, dns, extraHosts, ownerPid);
    }

    /** The same sandbox, living for the process {@code pid} (see {@link SandboxOwner}). */
    public SandboxSpec withOwnerPid(long pid) {
        return new SandboxSpec(name, hostname, hostNetwork, dns, extraHosts, Optional.of(pid));
    }
}
