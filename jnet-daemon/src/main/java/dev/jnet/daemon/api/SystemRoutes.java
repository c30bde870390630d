package dev.jnet.daemon.api;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.Network;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;

/** {@code /v1/info} and {@code /v1/system/reconcile}. */
final class SystemRoutes {
    private final Controller controller;
    private final About about;

    SystemRoutes(Controller controller, About about) {
        this.controller = controller;
        this.about = about;
    }

    void addTo(Router router) {
        router.add("GET", "/v1/info", call -> Reply.ok(info()));
        router.add("POST", "/v1/system/reconcile", call -> {
            call.optionalBody(Empty.class);
            return Reply.ok(Reconciled.of(controller.reconcile()));
        });
    }

    private InfoJson info() {
        var networks = controller.networks();
        int endpoints = networks.stream().mapToInt((Network n) -> controller.endpointsOf(n).size()).sum();
        return new InfoJson(about.version(), about.stateDirectory().toString(), about.runDirectory().toString(),
                networks.size(), controller.sandboxes().size(), endpoints, about.drivers(), controller.driftRepairs(),
                InfoJson.ForeignFirewallJson.of(about.foreignFirewall().get()));
    }
}
