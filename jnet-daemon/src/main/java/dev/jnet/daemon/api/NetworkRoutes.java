package dev.jnet.daemon.api;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.controller.NetworkCreated;
import dev.jnet.core.model.Network;
import dev.jnet.daemon.api.filter.NetworkFilter;
import dev.jnet.daemon.api.filter.NetworkPrune;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;
import dev.jnet.error.JnetException;

/** {@code /v1/networks}: create, list, inspect, remove and prune networks; connect and disconnect sandboxes. */
final class NetworkRoutes {
    private final Controller controller;

    NetworkRoutes(Controller controller) {
        this.controller = controller;
    }

    void addTo(Router router) {
        router.add("GET", "/v1/networks", call -> {
            NetworkFilter filter = NetworkFilter.forList(call.query("filters"));
            return Reply.ok(controller.networks().stream()
                    .filter(n -> filter.matches(n, !controller.endpointsOf(n).isEmpty())).map(this::json).toList());
        });
        router.add("POST", "/v1/networks", call -> {
            NetworkCreated created = controller.createNetworkWithWarnings(call.body(NetworkCreate.class).toSpec());
            return Reply.created(json(created.network()).withWarnings(created.warnings()));
        });
        router.add("GET", "/v1/networks/{ref}", call -> {
            Network network = controller.network(call.param("ref"));
            return switch (call.query("format").orElse("")) {
                case "" -> Reply.ok(json(network).withUnavailable(controller.unavailable(network)));
                // the object Docker's API answers, for clients that read docker's shape (jnet inspect's templates)
                case "docker" -> Reply.ok(dev.jnet.daemon.api.docker.NetworkJson.of(network, controller.endpointsOf(network)));
                default -> throw JnetException.invalid("format takes docker (or nothing, for jnet's own object), not '"
                        + call.query("format").orElseThrow() + "'");
            };
        });
        router.add("DELETE", "/v1/networks/{ref}", call -> {
            controller.deleteNetwork(call.param("ref"));
            return Reply.noContent();
        });
        router.add("POST", "/v1/networks/prune", call -> {
            Prune prune = call.optionalBody(Prune.class).orElse(Prune.ALL);
            return Reply.ok(new Pruned(NetworkPrune.run(controller,
                    NetworkFilter.forPrune(call.query("filters"), prune.labels()))));
        });
        router.add("POST", "/v1/networks/{ref}/connect", call -> {
            Connect connect = call.body(Connect.class);
            return Reply.created(EndpointJson.of(
                    controller.connect(call.param("ref"), connect.sandboxRef(), connect.toSpec())));
        });
        router.add("POST", "/v1/networks/{ref}/disconnect", call -> {
            Disconnect disconnect = call.body(Disconnect.class);
            controller.disconnect(call.param("ref"), disconnect.sandboxRef(), disconnect.forced());
            return Reply.noContent();
        });
    }

    private NetworkJson json(Network network) {
        return NetworkJson.of(network, controller.endpointsOf(network));
    }
}
