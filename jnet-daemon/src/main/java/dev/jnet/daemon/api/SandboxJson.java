package dev.jnet.daemon.api;

import dev.jnet.core.controller.SandboxFiles;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Sandbox;

import java.util.List;

/**
 * A sandbox as the API shows it: its namespace, resolver settings, generated files and endpoints; {@code runtime}
 * names the container runtime whose namespace it is ({@code docker}, {@code oci}), null for jnet's own.
 */
record SandboxJson(String id, String name, String hostname, String namespace, boolean hostNetwork, String created,
                   DnsJson dns, List<ExtraHostJson> extraHosts, String hostsPath, String resolvConfPath,
                   List<EndpointJson> endpoints, Long ownerPid, String runtime) {
    static SandboxJson of(Sandbox s, List<Endpoint> endpoints, SandboxFiles files) {
        return new SandboxJson(s.id().value(), s.name(), s.hostname(), Fields.namespace(s.namespace()), s.hostNetwork(),
                Fields.time(s.created()), DnsJson.of(s.dns()), s.extraHosts().stream().map(ExtraHostJson::of).toList(),
                files.hostsPath(s.id()).toString(), files.resolvConfPath(s.id()).toString(), EndpointJson.of(endpoints),
                s.owner().map(o -> o.pid()).orElse(null), s.runtime().map(r -> r.name()).orElse(null));
    }
}
