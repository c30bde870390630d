package dev.jnet.daemon.api.docker;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.ipam.PredefinedPool;
import dev.jnet.daemon.api.About;
import dev.jnet.daemon.http.Router;

import java.util.List;

/**
 * The network part of the Docker Engine API (docs/docker-api.md), for jnetd's Docker socket: every route,
 * answered by {@code controller}, with paths taken with or without a {@code /vX.Y} prefix.
 */
public final class DockerApi {
    private DockerApi() {}

    /**
     * Every route of the Docker API jnet serves.
     *
     * @param pools the address pools IPAM chooses subnets from, which {@code /info} reports
     * @param events the changes {@code /events} streams
     */
    public static Router router(Controller controller, About about, List<PredefinedPool> pools,
                                dev.jnet.daemon.events.EventLog events) {
        Router router = new Router(new DockerFrame(about.version()));
        new SystemRoutes(controller, about, pools).addTo(router);
        new NetworkRoutes(controller).addTo(router);
        new EventRoutes(events).addTo(router);
        return router;
    }
}
