package dev.jnet.daemon.api;

import dev.jnet.cluster.ClusterStatus;

import dev.jnet.core.firewall.ForeignFirewallReport;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Facts about the running daemon that {@code GET /v1/info} reports.
 *
 * @param version jnet's version (the jar's), or a word saying it is a development build
 * @param drivers the names of the network drivers this daemon has
 * @param foreignFirewall what other firewalls' forward chains do to jnet's bridges now (read when asked)
 * @param cluster this host's part in a cluster now (read when asked), or empty on a host on its own
 */
public record About(String version, Path stateDirectory, Path runDirectory, List<String> drivers,
                    Supplier<ForeignFirewallReport> foreignFirewall, Supplier<Optional<ClusterStatus>> cluster) {
    public About {
        drivers = List.copyOf(drivers);
    }
}
