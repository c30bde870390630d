package dev.jnet.core.controller;

import java.util.List;

/**
 * What a reconciliation changed to make the kernel match the store.
 *
 * @param networksRecreated networks whose kernel objects were missing (a bridge) or incomplete (a gateway
 *                          address) and were made whole again
 * @param namespacesRecreated sandbox namespaces that were missing and were made again
 * @param endpointsRejoined endpoints whose interfaces were missing or wrong and were joined again
 * @param removed jnet-marked links, namespaces and sandbox files that nothing records, now removed
 * @param problems what could not be repaired, and why; the pass repairs everything else
 */
public record ReconcileReport(int networksRecreated, int namespacesRecreated, int endpointsRejoined,
                              List<String> removed, List<String> problems) {
    public ReconcileReport {
        removed = List.copyOf(removed);
        problems = List.copyOf(problems);
    }

    public boolean changedNothing() {
        return networksRecreated == 0 && namespacesRecreated == 0 && endpointsRejoined == 0 && removed.isEmpty()
                && problems.isEmpty();
    }
}
