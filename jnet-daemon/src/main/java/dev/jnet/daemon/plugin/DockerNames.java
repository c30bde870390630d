package dev.jnet.daemon.plugin;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names of dockerd's containers on jnet's global networks, so that other hosts resolve them: dockerd tells
 * a network driver no name (neither CreateEndpoint nor Join carries one), so after a join jnet asks dockerd's
 * Engine API which container has the endpoint ({@code GET /networks/ID}) and what it answers to on that
 * network ({@code GET /containers/ID/json}: its name and aliases, the short id among them), and gives the
 * endpoint those aliases ({@link Controller#setAliases}), which the endpoint's record in the cluster carries.
 * dockerd lists the container only once its start is done, after the join's answer: the reads run in a
 * virtual thread of their own, again with a growing pause until {@link #PATIENCE} has passed.
 */
final class DockerNames {
    private static final System.Logger LOG = System.getLogger(DockerNames.class.getName());
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private final Controller controller;
    private final DockerEngine engine;

    DockerNames(Controller controller, DockerEngine engine) {
        this.controller = controller;
        this.engine = engine;
    }

    /** Learns, in the background, what dockerd's endpoint {@code endpointId} answers to, and gives it those aliases. */
    void learn(String dockerNetwork, String endpointId, Network network, Sandbox sandbox) {
        Thread.ofVirtual().name("docker-names-" + endpointId.substring(0, Math.min(12, endpointId.length())))
                .start(() -> learnNow(dockerNetwork, endpointId, network, sandbox));
    }

    private void learnNow(String dockerNetwork, String endpointId, Network network, Sandbox sandbox) {
        long end = System.nanoTime() + PATIENCE.toNanos();
        long pauseMillis = 50;
        String why = "dockerd did not list it";
        while (System.nanoTime() < end) {
            try {
                Optional<List<String>> names = namesOf(dockerNetwork, endpointId);
                if (names.isPresent()) {
                    controller.setAliases(network.id().value(), sandbox.id().value(), names.get());
                    LOG.log(System.Logger.Level.DEBUG, () -> "docker plugin: endpoint " + endpointId + " answers to " + names.get());
                    return;
                }
            } catch (JnetException e) {
                if (e.kind() == ErrorKind.NOT_FOUND) {
                    return; // the container left again
                }
                why = e.getMessage();
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
            pauseMillis = Math.min(1000, pauseMillis * 2);
        }
        LOG.log(System.Logger.Level.WARNING, "docker plugin: other hosts do not know the name of endpoint " + endpointId
                + " on " + network.name() + ": " + why + " (dockerd's socket: " + engine.socket()
                + ", --docker-engine-socket)");
    }

    /**
     * The container's name on the network, then its aliases there (deduplicated), once dockerd lists the
     * endpoint as a container's; empty until then.
     */
    Optional<List<String>> namesOf(String dockerNetwork, String endpointId) {
        JsonNode network = engine.network(dockerNetwork).orElseThrow(() ->
                JnetException.notFound("dockerd has no network " + dockerNetwork));
        for (Map.Entry<String, JsonNode> c : network.path("Containers").properties()) {
            if (!c.getKey().startsWith("ep-") && c.getValue().path("EndpointID").asString("").equals(endpointId)) {
                return engine.container(c.getKey()).flatMap(container -> names(container, endpointId));
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> names(JsonNode container, String endpointId) {
        String name = container.path("Name").asString("").replaceFirst("^/", "");
        for (JsonNode settings : container.path("NetworkSettings").path("Networks")) {
            if (settings.path("EndpointID").asString("").equals(endpointId)) {
                Set<String> names = new LinkedHashSet<>();
                if (!name.isEmpty()) {
                    names.add(name);
                }
                settings.path("Aliases").forEach(a -> names.add(a.asString()));
                return Optional.of(List.copyOf(new ArrayList<>(names)));
            }
        }
        return Optional.empty();
    }
}
