package dev.jnet.daemon.api;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.Network;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;

/** {@code /v1/info}, {@code /v1/system/reconcile} and {@code /v1/system/uninstall}. */
final class SystemRoutes {
    private final Controller controller;
    private final About about;
    private final Runnable uninstalled;

    /** @param uninstalled what jnetd does after an uninstall: stop, and remove its directories */
    SystemRoutes(Controller controller, About about, Runnable uninstalled) {
        this.controller = controller;
        this.about = about;
        this.uninstalled = uninstalled;
    }

    void addTo(Router router) {
        router.add("GET", "/v1/info", call -> Reply.ok(info()));
        router.add("POST", "/v1/system/reconcile", call -> {
            call.optionalBody(Empty.class);
            return Reply.ok(Reconciled.of(controller.reconcile()));
        });
        router.add("POST", "/v1/system/uninstall", call -> {
            call.optionalBody(Empty.class);
            Uninstalled report = Uninstalled.of(controller.uninstall(), about);
            uninstalled.run();
            return Reply.ok(report);
        });
    }

    private InfoJson info() {
        var networks = controller.networks();
        int endpoints = networks.stream().mapToInt((Network n) -> controller.endpointsOf(n).size()).sum();
        return new InfoJson(about.version(), about.stateDirectory().toString(), about.runDirectory().toString(),
                networks.size(), controller.sandboxes().size(), endpoints, about.drivers(), controller.driftRepairs(),
                InfoJson.ForeignFirewallJson.of(about.foreignFirewall().get()), about.cluster().get().orElse(null));
    }
}
