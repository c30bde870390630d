package dev.jnet.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/** The {@code ports} of jnet's API: the specs a connect sends and the bindings its Endpoint answers with. */
final class PublishedPorts {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PublishedPorts() {}

    /** A connect's body: the sandbox and, when there are any, its {@code -p} specs. */
    static String connectBody(String sandbox, List<String> specs) {
        var body = JSON.createObjectNode().put("sandbox", sandbox);
        if (!specs.isEmpty()) {
            var ports = body.putArray("ports");
            specs.forEach(ports::add);
        }
        return JSON.writeValueAsString(body);
    }

    /** The Endpoint's {@code ports}, each as {@link #binding}, sorted. */
    static List<String> bindings(JsonNode endpoint) {
        List<String> bindings = new ArrayList<>();
        for (JsonNode p : endpoint.path("ports")) {
            bindings.add(binding(p.path("protocol").asString(), p.path("hostIp").asString(),
                    p.path("hostPort").asInt(), p.path("containerPort").asInt()));
        }
        return bindings.stream().sorted().toList();
    }

    /** {@code 0.0.0.0:40000->1000/tcp}, as docker ps shows a binding. */
    static String binding(String protocol, String hostIp, int hostPort, int containerPort) {
        return "%s:%d->%d/%s".formatted(hostIp, hostPort, containerPort, protocol);
    }
}
