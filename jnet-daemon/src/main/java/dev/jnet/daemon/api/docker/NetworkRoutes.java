package dev.jnet.daemon.api.docker;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.controller.NetworkCreated;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.daemon.api.filter.NetworkFilter;
import dev.jnet.daemon.api.filter.NetworkPrune;
import dev.jnet.daemon.http.Call;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's {@code /networks} routes on jnet's controller: list (with filters), inspect, create, remove,
 * connect, disconnect and prune. Where Docker answers with another status or wording than the controller's,
 * the error is translated here (a network with endpoints is 403, a missing sandbox "No such container").
 */
final class NetworkRoutes {
    /** Before API 1.28, the list shows each network's containers as inspect does. */
    private static final ApiVersion SUMMARY_LIST = ApiVersion.parse("1.28");

    private final Controller controller;

    NetworkRoutes(Controller controller) {
        this.controller = controller;
    }

    void addTo(Router router) {
        router.add("GET", "/networks", this::list);
        router.add("GET", "/networks/", this::list);
        router.add("GET", "/networks/{id}", this::inspect);
        router.add("POST", "/networks/create", call -> {
            NetworkCreated created = controller.createNetworkWithWarnings(
                    call.body(NetworkCreateRequest.class).toSpec(ApiVersion.of(call)));
            return Reply.created(new CreateResponse(created.network().id().value(), String.join("\n", created.warnings())));
        });
        router.add("DELETE", "/networks/{id}", call -> {
            delete(controller.network(call.param("id")));
            return Reply.noContent();
        });
        router.add("POST", "/networks/{id}/connect", call -> {
            ConnectRequest connect = call.body(ConnectRequest.class);
            Sandbox sandbox = container(connect.container());
            Network network = controller.network(call.param("id"));
            if (controller.endpointsOf(sandbox).stream().anyMatch(e -> e.network().equals(network.id()))) {
                // Docker's wording and status, which scripts match on.
                throw new JnetException(dev.jnet.error.ErrorKind.FORBIDDEN, "endpoint with name " + sandbox.name()
                        + " already exists in network " + network.name());
            }
            ConnectSpec spec = connect.toSpec();
            staticAddressesNeedUserSubnets(network, spec);
            controller.connect(network.id().value(), sandbox.id().value(), spec);
            return Reply.okEmpty();
        });
        router.add("POST", "/networks/{id}/disconnect", call -> {
            DisconnectRequest disconnect = call.body(DisconnectRequest.class);
            Sandbox sandbox = container(disconnect.container());
            controller.disconnect(controller.network(call.param("id")).id().value(), sandbox.id().value(),
                    disconnect.forced());
            return Reply.okEmpty();
        });
        router.add("POST", "/networks/prune", this::prune);
    }

    /** Docker's rule: a static address only on a network whose subnets the user configured. */
    private static void staticAddressesNeedUserSubnets(Network network, ConnectSpec spec) {
        boolean v4 = spec.ipv4().isPresent() && network.ipv4().stream().noneMatch(IpamPool::userSubnet);
        boolean v6 = spec.ipv6().isPresent() && network.ipv6().stream().noneMatch(IpamPool::userSubnet);
        if (v4 || v6) {
            throw JnetException.invalid("user specified IP address is supported only when connecting to networks "
                    + "with user configured subnets");
        }
    }

    private Reply list(Call call) {
        NetworkFilter filter = NetworkFilter.forList(call.query("filters"));
        boolean withContainers = ApiVersion.of(call).before(SUMMARY_LIST);
        List<NetworkJson> networks = new ArrayList<>();
        for (Network network : controller.networks()) {
            var endpoints = controller.endpointsOf(network);
            if (filter.matches(network, !endpoints.isEmpty())) {
                networks.add(NetworkJson.of(network, withContainers ? endpoints : List.of()));
            }
        }
        return Reply.ok(networks);
    }

    private Reply inspect(Call call) {
        String ref = call.param("id");
        call.query("verbose").filter(v -> !v.isEmpty()).ifPresent(v -> GoBool.parse(v).orElseThrow(() ->
                JnetException.invalid("invalid value for verbose: " + v)));
        Network network = controller.network(ref);
        if (call.query("scope").filter(s -> !s.isEmpty() && !s.equals(NetworkJson.LOCAL)).isPresent()) {
            throw JnetException.notFound("network " + ref + " not found");
        }
        return Reply.ok(NetworkJson.of(network, controller.endpointsOf(network)));
    }

    /** Docker refuses to remove a network with endpoints as forbidden (403), where jnet sees a conflict. */
    private void delete(Network network) {
        try {
            controller.deleteNetwork(network.id().value());
        } catch (JnetException e) {
            throw e.kind() == ErrorKind.CONFLICT ? new JnetException(ErrorKind.FORBIDDEN, e.getMessage(), e) : e;
        }
    }

    private Reply prune(Call call) {
        return Reply.ok(new PruneReport(NetworkPrune.run(controller, NetworkFilter.forPrune(call.query("filters")))));
    }

    /** The sandbox a request names as its container, with Docker's words when there is none. */
    private Sandbox container(String ref) {
        try {
            return controller.sandbox(ref);
        } catch (JnetException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw JnetException.notFound("No such container: " + ref);
            }
            throw e;
        }
    }
}
