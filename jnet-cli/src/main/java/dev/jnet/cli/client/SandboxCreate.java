package dev.jnet.cli.client;


import java.util.List;

/**
 * The body of {@code POST /v1/sandboxes}; every field is optional. Without {@code dns} the sandbox's
 * resolv.conf carries the host's resolvers. {@code extraHosts} are {@code NAME:ADDRESS} strings.
 * {@code ownerPid}: a process the sandbox lives for (jnetd removes it once that process has ended).
 */
public record SandboxCreate(String name, String hostname, Boolean hostNetwork, Dns dns, List<String> extraHosts,
                            Long ownerPid) {
    public SandboxCreate {
        dns = dns == null || dns.isEmpty() ? null : dns;
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    }

    /** A sandbox that lives until it is removed. */
    public SandboxCreate(String name, String hostname, Boolean hostNetwork, Dns dns, List<String> extraHosts) {
        this(name, hostname, hostNetwork, dns, extraHosts, null);
    }

    /** The same sandbox, living for the process {@code pid}. */
    public SandboxCreate ownedBy(long pid) {
        return new SandboxCreate(name, hostname, hostNetwork, dns, extraHosts, pid);
    }

    /** A sandbox's resolver settings: name servers, search domains and resolver options. */
    public record Dns(List<String> servers, List<String> search, List<String> options) {
        public Dns {
            servers = servers == null ? List.of() : List.copyOf(servers);
            search = search == null ? List.of() : List.copyOf(search);
            options = options == null ? List.of() : List.copyOf(options);
        }

        boolean isEmpty() {
            return servers.isEmpty() && search.isEmpty() && options.isEmpty();
        }
    }
}
