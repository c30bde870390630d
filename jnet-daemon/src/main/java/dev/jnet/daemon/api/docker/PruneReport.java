package dev.jnet.daemon.api.docker;

import java.util.List;

/** The answer of {@code POST /networks/prune}: the names of the networks removed. */
record PruneReport(List<String> NetworksDeleted) {
    PruneReport {
        NetworksDeleted = List.copyOf(NetworksDeleted);
    }
}
