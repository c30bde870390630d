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
 * @param runtimeNamespace a container runtime's namespace to use instead of making one, and that runtime
 */
public record SandboxSpec(Optional<String> name, Optional<String> hostname, boolean hostNetwork, DnsConfig dns,
                          List<ExtraHost> extraHosts, Optional<Long> ownerPid, Optional<RuntimeNamespace> runtimeNamespace) {
    /** A runtime's namespace, by its path, which jnet uses but never makes or removes. */
    public record RuntimeNamespace(java.nio.file.Path path, SandboxRuntime runtime) {}

    /** A sandbox in a namespace of jnet's (or the host's). */
    public SandboxSpec(Optional<String> name, Optional<String> hostname, boolean hostNetwork, DnsConfig dns,
                       List<ExtraHost> extraHosts, Optional<Long> ownerPid) {
        this(name, hostname, hostNetwork, dns, extraHosts, ownerPid, Optional.empty());
    }

    public static final SandboxSpec DEFAULT =
            new SandboxSpec(Optional.empty(), Optional.empty(), false, DnsConfig.HOST, List.of());

    public SandboxSpec {
        name.ifPresent(n -> Names.check(n, "sandbox"));
        hostname.ifPresent(h -> DnsNames.hostName("hostname", h));
        extraHosts = List.copyOf(extraHosts);
        if (hostNetwork && runtimeNamespace.isPresent()) {
            throw dev.jnet.error.JnetException.invalid("a sandbox in a runtime's namespace cannot share the host's");
        }
    }

    /** The same sandbox in {@code path}, a namespace of {@code runtime}'s. */
    public SandboxSpec inRuntimeNamespace(java.nio.file.Path path, SandboxRuntime runtime) {
        return new SandboxSpec(name, hostname, hostNetwork, dns, extraHosts, ownerPid,
                Optional.of(new RuntimeNamespace(path, runtime)));
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
        return new SandboxSpec(name, hostname, value, dns, extraHosts, ownerPid, runtimeNamespace);
    }

    public SandboxSpec withDns(DnsConfig value) {
        return new SandboxSpec(name, hostname, hostNetwork, value, extraHosts, ownerPid, runtimeNamespace);
    }

    public SandboxSpec withExtraHosts(List<ExtraHost> value) {
        return new SandboxSpec(name, hostname, hostNetwork, dns, value, ownerPid, runtimeNamespace);
    }

    public SandboxSpec withHostname(String value) {
        return new SandboxSpec(name, Optional.of(value), hostNetwork, dns, extraHosts, ownerPid, runtimeNamespace);
    }

    /** The same sandbox, living for the process {@code pid} (see {@link SandboxOwner}). */
    public SandboxSpec withOwnerPid(long pid) {
        return new SandboxSpec(name, hostname, hostNetwork, dns, extraHosts, Optional.of(pid), runtimeNamespace);
    }
}
