package dev.jnet.daemon.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jnet.cluster.ClusterStatus;

import dev.jnet.core.firewall.ForeignDrop;
import dev.jnet.core.firewall.ForeignFirewallReport;

import java.util.List;

/**
 * The answer of {@code GET /v1/info}: this jnetd's version, directories, counts and drivers, how many times it
 * found drift in the kernel (a deleted bridge, a flushed firewall table) and repaired it by itself, and what
 * other firewalls do to jnet's bridges, and, on a host in a cluster, the cluster as this host sees it.
 */
record InfoJson(String version, String stateDirectory, String runDirectory, int networks, int sandboxes,
                int endpoints, List<String> drivers, long driftRepairs, ForeignFirewallJson foreignFirewall,
                @JsonInclude(JsonInclude.Include.NON_NULL) ClusterStatus cluster) {

    /** What other firewalls' forward chains do to jnet's bridges, and what jnet does about it. */
    record ForeignFirewallJson(String mode, List<DropJson> drops, List<String> problems) {
        static ForeignFirewallJson of(ForeignFirewallReport r) {
            return new ForeignFirewallJson(r.mode().toString(), r.drops().stream().map(DropJson::of).toList(), r.problems());
        }
    }

    /** One foreign chain that drops what it does not accept; {@code fix} lets the {@code blocked} bridges through. */
    record DropJson(String backend, String table, String chain, String reason, List<String> letThrough,
                    List<String> blocked, List<String> fix, String summary) {
        static DropJson of(ForeignDrop d) {
            return new DropJson(d.backend(), d.table(), d.chain(), d.reason(), d.letThrough(), d.blocked(), d.fix(),
                    d.describe());
        }
    }
}
