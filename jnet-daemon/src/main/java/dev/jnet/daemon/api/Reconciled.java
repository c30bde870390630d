package dev.jnet.daemon.api;

import dev.jnet.core.controller.ReconcileReport;

import java.util.List;

/** The answer of {@code POST /v1/system/reconcile}: what the pass changed. */
record Reconciled(int networksRecreated, int namespacesRecreated, int endpointsRejoined, List<String> removed,
                  List<String> problems) {
    static Reconciled of(ReconcileReport r) {
        return new Reconciled(r.networksRecreated(), r.namespacesRecreated(), r.endpointsRejoined(), r.removed(),
                r.problems());
    }
}
