package dev.jnet.daemon.plugin;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The names of dockerd's containers on jnet's global networks, so that other hosts resolve them: dockerd tells
 * a network driver no name (neither CreateEndpoint nor Join carries one), so after a join jnet asks dockerd's
 * Engine API which container has the endpoint ({@code GET /networks/ID}) and what it answers to on that
 * network ({@code GET /containers/ID/json}: its name and aliases, the short id among them), and gives the
 * endpoint those aliases ({@link Controller#setAliases}), which the endpoint's record in the cluster carries.
 * dockerd lists the container only once its start is done, after the join's answer, so the endpoints wait in
 * {@link #pending} for one virtual thread that asks in rounds, a growing pause apart (shorter again when an
 * endpoint arrives): one {@code GET /networks/ID} per network and round however many containers start at once.
 * An endpoint not listed within {@link #PATIENCE} is given up, with a warning.
 */
final class DockerNames {
    private static final System.Logger LOG = System.getLogger(DockerNames.class.getName());
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 1000;

    private record Wanted(String dockerNetwork, Network network, Sandbox sandbox, long deadline) {}

    private final Controller controller;
    private final DockerEngine engine;
    /** By endpoint id. */
    private final Map<String, Wanted> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile boolean arrived;

    DockerNames(Controller controller, DockerEngine engine) {
        this.controller = controller;
        this.engine = engine;
    }

    /** Learns, in the background, what dockerd's endpoint {@code endpointId} answers to, and gives it those aliases. */
    void learn(String dockerNetwork, String endpointId, Network network, Sandbox sandbox) {
        pending.put(endpointId, new Wanted(dockerNetwork, network, sandbox, System.nanoTime() + PATIENCE.toNanos()));
        arrived = true;
        if (asking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("docker-names").start(this::ask);
        }
    }

    /** The endpoint left before its names were learned: they are no longer wanted. */
    void forget(String endpointId) {
        pending.remove(endpointId);
    }

    private void ask() {
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            if (pending.isEmpty()) {
                asking.set(false);
                if (pending.isEmpty() || !asking.compareAndSet(false, true)) {
                    return; // an endpoint that arrives after this starts a thread of its own
                }
            }
            arrived = false;
            try {
                giveUpLate(round());
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                asking.set(false);
                return;
            } catch (RuntimeException e) { // never leave the endpoints waiting for a thread that is gone
                LOG.log(System.Logger.Level.WARNING, "docker plugin: reading container names failed: " + e);
                pending.clear();
                asking.set(false);
                return;
            }
            pause = arrived ? FIRST_PAUSE_MILLIS : Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        }
    }

    /** One round: each network with waiting endpoints asked once; why each network's endpoints still wait. */
    private Map<String, String> round() {
        Map<String, List<String>> byNetwork = new HashMap<>();
        pending.forEach((endpoint, w) -> byNetwork.computeIfAbsent(w.dockerNetwork(), n -> new java.util.ArrayList<>()).add(endpoint));
        Map<String, String> why = new HashMap<>();
        byNetwork.forEach((dockerNetwork, endpoints) -> {
            try {
                Map<String, List<String>> names = namesOf(dockerNetwork, Set.copyOf(endpoints));
                names.forEach(this::give);
                why.put(dockerNetwork, "dockerd did not list it as a container's");
            } catch (JnetException e) {
                if (e.kind() == ErrorKind.NOT_FOUND) {
                    endpoints.forEach(pending::remove); // the network is gone from dockerd: so are its containers
                }
                why.put(dockerNetwork, e.getMessage());
            } catch (RuntimeException e) { // an answer that is not the JSON dockerd sends, say
                why.put(dockerNetwork, e.toString());
            }
        });
        return why;
    }

    private void give(String endpointId, List<String> names) {
        Wanted w = pending.remove(endpointId);
        if (w == null) {
            return;
        }
        try {
            controller.setAliases(w.network().id().value(), w.sandbox().id().value(), names);
            LOG.log(System.Logger.Level.DEBUG, () -> "docker plugin: endpoint " + endpointId + " answers to " + names);
        } catch (RuntimeException e) {
            if (!(e instanceof JnetException j && j.kind() == ErrorKind.NOT_FOUND)) { // not found: the container left again
                LOG.log(System.Logger.Level.WARNING, "docker plugin: endpoint " + endpointId + " on " + w.network().name()
                        + " cannot answer to " + names + ": " + e.getMessage());
            }
        }
    }

    private void giveUpLate(Map<String, String> why) {
        long now = System.nanoTime();
        pending.forEach((endpoint, w) -> {
            if (now - w.deadline() > 0 && pending.remove(endpoint, w)) {
                LOG.log(System.Logger.Level.WARNING, "docker plugin: other hosts do not know the name of endpoint "
                        + endpoint + " on " + w.network().name() + ": " + why.getOrDefault(w.dockerNetwork(), "no answer")
                        + " within " + PATIENCE.toSeconds() + " s (dockerd's socket: " + engine.socket()
                        + ", --docker-engine-socket)");
            }
        });
    }

    /**
     * For each of {@code endpoints} that dockerd lists as a container's on {@code dockerNetwork}: the
     * container's name, then its aliases there (without repeats). NOT_FOUND if dockerd has no such network.
     */
    Map<String, List<String>> namesOf(String dockerNetwork, Set<String> endpoints) {
        JsonNode network = engine.network(dockerNetwork).orElseThrow(() ->
                JnetException.notFound("dockerd has no network " + dockerNetwork));
        Map<String, List<String>> found = new HashMap<>();
        for (Map.Entry<String, JsonNode> c : network.path("Containers").properties()) {
            String endpoint = c.getValue().path("EndpointID").asString("");
            if (!c.getKey().startsWith("ep-") && endpoints.contains(endpoint)) {
                engine.container(c.getKey()).flatMap(container -> names(container, endpoint))
                        .ifPresent(names -> found.put(endpoint, names));
            }
        }
        return found;
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
                return Optional.of(List.copyOf(names));
            }
        }
        return Optional.empty();
    }
}
