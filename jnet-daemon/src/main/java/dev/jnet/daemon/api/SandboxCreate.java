package dev.jnet.daemon.api;

import dev.jnet.core.model.DnsConfig;
import dev.jnet.core.model.ExtraHost;
import dev.jnet.core.model.SandboxSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /v1/sandboxes}; every field is optional. {@code ownerPid}: a process on jnetd's
 * machine the sandbox lives for (jnet removes it within seconds of that process's end).
 */
record SandboxCreate(String name, String hostname, Boolean hostNetwork, DnsJson dns, List<String> extraHosts,
                     Long ownerPid) {
    static final SandboxCreate EMPTY = new SandboxCreate(null, null, null, null, null, null);

    SandboxCreate {
        extraHosts = Fields.orEmpty(extraHosts);
    }

    SandboxSpec toSpec() {
        List<ExtraHost> hosts = new ArrayList<>();
        for (int i = 0; i < extraHosts.size(); i++) {
            hosts.add(ExtraHostJson.parse("extraHosts[" + i + "]", extraHosts.get(i)));
        }
        return new SandboxSpec(Optional.ofNullable(name),
                Optional.ofNullable(hostname).map(h -> Fields.hostName("hostname", h)),
                Boolean.TRUE.equals(hostNetwork), dns == null ? DnsConfig.HOST : dns.toConfig(), hosts,
                Optional.ofNullable(ownerPid));
    }
}
