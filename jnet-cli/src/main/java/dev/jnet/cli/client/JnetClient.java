package dev.jnet.cli.client;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jnetd's native API (docs/api.md), one method per endpoint. Each call opens its own connection to the
 * socket. Objects come back as the daemon's JSON, unchanged. Failures are {@link JnetException}s: the
 * daemon's own message with the kind its status stands for, or UNAVAILABLE when jnetd cannot be reached.
 * Networks and sandboxes are named by full id, unique id prefix or name.
 */
public final class JnetClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final UnixHttp http;

    private JnetClient(Path socket) {
        this.http = new UnixHttp(socket);
    }

    /** A client for the jnetd listening on {@code socket}; nothing is connected until the first call. */
    public static JnetClient at(Path socket) {
        return new JnetClient(socket);
    }

    public Path socket() {
        return http.socket();
    }

    /** {@code GET /v1/_ping}: the daemon's answer text ({@code OK}). */
    public String ping() {
        return send(Request.get("/v1/_ping")).bodyText();
    }

    /** {@code GET /v1/info}: version, directories, counts and drivers. */
    public JsonNode info() {
        return json(Request.get("/v1/info"));
    }

    public List<JsonNode> networks() {
        return array(Request.get("/v1/networks"));
    }

    public JsonNode network(String ref) {
        return json(Request.get(networkPath(ref)));
    }

    public JsonNode createNetwork(NetworkCreate request) {
        return json(Request.post("/v1/networks", body(request)));
    }

    public void removeNetwork(String ref) {
        send(Request.delete(networkPath(ref)));
    }

    /**
     * Removes every user-defined network without endpoints that has all these labels ({@code ""} as a
     * value matches any value), and returns the names of those removed.
     */
    public List<String> pruneNetworks(Map<String, String> labels) {
        Map<String, Object> request = new LinkedHashMap<>();
        if (!labels.isEmpty()) {
            request.put("labels", labels);
        }
        List<String> removed = new ArrayList<>();
        json(Request.post("/v1/networks/prune", body(request))).path("removed").forEach(n -> removed.add(n.asString()));
        return removed;
    }

    /** Connects a sandbox to a network and returns the new endpoint. */
    public JsonNode connect(String network, Connect request) {
        return json(Request.post(networkPath(network) + "/connect", body(request)));
    }

    public void disconnect(String network, String sandbox, boolean force) {
        send(Request.post(networkPath(network) + "/disconnect", body(Map.of("sandbox", sandbox, "force", force))));
    }

    public List<JsonNode> sandboxes() {
        return array(Request.get("/v1/sandboxes"));
    }

    public JsonNode sandbox(String ref) {
        return json(Request.get(sandboxPath(ref)));
    }

    public JsonNode createSandbox(SandboxCreate request) {
        return json(Request.post("/v1/sandboxes", body(request)));
    }

    /** Removes a sandbox, disconnecting it from every network first. */
    public void removeSandbox(String ref) {
        send(Request.delete(sandboxPath(ref)));
    }

    /** {@code POST /v1/system/reconcile}: makes the kernel match the store; returns what changed. */
    public JsonNode reconcile() {
        return json(Request.post("/v1/system/reconcile", null));
    }

    private static String networkPath(String ref) {
        return "/v1/networks/" + PathSegment.encode(ref);
    }

    private static String sandboxPath(String ref) {
        return "/v1/sandboxes/" + PathSegment.encode(ref);
    }

    private static byte[] body(Object request) {
        return JSON.writeValueAsBytes(request);
    }

    private Response send(Request request) {
        Response response = http.exchange(request);
        if (!response.isSuccess()) {
            throw ApiError.of(response, JSON);
        }
        return response;
    }

    private JsonNode json(Request request) {
        Response response = send(request);
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new JnetException(ErrorKind.INTERNAL, "jnetd answered " + request + " with something that is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private List<JsonNode> array(Request request) {
        JsonNode answer = json(request);
        if (!answer.isArray()) {
            throw new JnetException(ErrorKind.INTERNAL, "jnetd answered " + request + " with " + answer.getNodeType()
                    + " where a JSON array was expected");
        }
        List<JsonNode> items = new ArrayList<>();
        answer.forEach(items::add);
        return items;
    }
}
