package dev.jnet.daemon.api.filter;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.Network;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

import java.util.ArrayList;
import java.util.List;

/** Removes the networks a prune filter matches, for both APIs' prune. */
public final class NetworkPrune {
    private NetworkPrune() {}

    /** The names of the networks removed, by name; one a connect or another prune got to first stays. */
    public static List<String> run(Controller controller, NetworkFilter filter) {
        List<String> deleted = new ArrayList<>();
        for (Network network : controller.networks()) {
            if (filter.matches(network, !controller.endpointsOf(network).isEmpty())) {
                try {
                    controller.deleteNetwork(network.id().value());
                    deleted.add(network.name());
                } catch (JnetException e) {
                    if (e.kind() != ErrorKind.CONFLICT && e.kind() != ErrorKind.NOT_FOUND) {
                        throw e;
                    }
                }
            }
        }
        return deleted.stream().sorted().toList();
    }
}
