package dev.jnet.cli.client;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.cli.json.Json;
import dev.jnet.cli.json.JsonReader;
import dev.jnet.cli.json.JsonSyntaxException;
import dev.jnet.cli.json.JsonWriter;

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
    public Json info() {
        return json(Request.get("/v1/info"));
    }

    public List<Json> networks() {
        return networks(Map.of());
    }

    /**
     * The networks that match docker's filters ({@code name}, {@code id}, {@code driver}, {@code scope},
     * {@code label}, {@code type}, {@code dangling}; values of one key are alternatives), matched by jnetd as
     * the Docker API matches them.
     */
    public List<Json> networks(Map<String, List<String>> filters) {
        return array(Request.get("/v1/networks" + filtersQuery(filters)));
    }

    public Json network(String ref) {
        return json(Request.get(networkPath(ref)));
    }

    /** The network as Docker's API shows it ({@code Name}, {@code Id}, {@code IPAM}, {@code Containers}, ...). */
    public Json dockerNetwork(String ref) {
        return json(Request.get(networkPath(ref) + "?format=docker"));
    }

    public Json createNetwork(NetworkCreate request) {
        return json(Request.post("/v1/networks", body(request)));
    }

    public void removeNetwork(String ref) {
        send(Request.delete(networkPath(ref)));
    }

    /**
     * Removes every user-defined network without endpoints that matches docker's prune filters ({@code
     * label=KEY[=VALUE]}, {@code label!=...}, {@code until=DURATION or TIME}), and returns the names of
     * those removed.
     */
    public List<String> pruneNetworks(Map<String, List<String>> filters) {
        List<String> removed = new ArrayList<>();
        json(Request.post("/v1/networks/prune" + filtersQuery(filters), null)).path("removed")
                .forEach(n -> removed.add(n.asString()));
        return removed;
    }

    /** {@code ?filters=} with docker's JSON form, {@code {"key":{"value":true}}}; nothing for no filters. */
    static String filtersQuery(Map<String, List<String>> filters) {
        if (filters.isEmpty()) {
            return "";
        }
        Map<String, Map<String, Boolean>> json = new LinkedHashMap<>();
        filters.forEach((key, values) -> values.forEach(v -> json.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(v, true)));
        return "?filters=" + PathSegment.encode(JsonWriter.compact(json));
    }

    /** Connects a sandbox to a network and returns the new endpoint. */
    public Json connect(String network, Connect request) {
        return json(Request.post(networkPath(network) + "/connect", body(request)));
    }

    public void disconnect(String network, String sandbox, boolean force) {
        send(Request.post(networkPath(network) + "/disconnect", body(Map.of("sandbox", sandbox, "force", force))));
    }

    public List<Json> sandboxes() {
        return sandboxes(Map.of());
    }

    /** The sandboxes that match the filters ({@code name}, {@code id}: the value or an RE2 expression; {@code network}). */
    public List<Json> sandboxes(Map<String, List<String>> filters) {
        return array(Request.get("/v1/sandboxes" + filtersQuery(filters)));
    }

    public Json sandbox(String ref) {
        return json(Request.get(sandboxPath(ref)));
    }

    public Json createSandbox(SandboxCreate request) {
        return json(Request.post("/v1/sandboxes", body(request)));
    }

    /** Hands the sandbox to the running process {@code pid}: jnetd removes the sandbox once that process ends. */
    public void setSandboxOwner(String ref, long pid) {
        send(Request.put(sandboxPath(ref) + "/owner", body(Map.of("pid", pid))));
    }

    /** Removes a sandbox, disconnecting it from every network first. */
    public void removeSandbox(String ref) {
        send(Request.delete(sandboxPath(ref)));
    }

    /**
     * {@code GET /v1/events}: hands each event to {@code onEvent} as jnetd sends it, until the stream ends
     * ({@code until} passed, or jnetd stopped); {@code since} and {@code until} as docker takes them (a Unix
     * time, an RFC 3339 time or a duration before now), null when not given.
     */
    public void events(String since, String until, Map<String, List<String>> filters, java.util.function.Consumer<Json> onEvent) {
        StringBuilder query = new StringBuilder(filtersQuery(filters));
        for (String[] param : new String[][] {{"since", since}, {"until", until}}) {
            if (param[1] != null) {
                query.append(query.isEmpty() ? '?' : '&').append(param[0]).append('=').append(PathSegment.encode(param[1]));
            }
        }
        http.stream(Request.get("/v1/events" + query), line -> {
            if (!line.isBlank()) {
                onEvent.accept(JsonReader.read(line));
            }
        });
    }

    /** Asks jnetd to remove everything jnet made on the host, put forwarding back, and stop. */
    public Json uninstall() {
        return json(Request.post("/v1/system/uninstall", null));
    }

    /** {@code POST /v1/system/reconcile}: makes the kernel match the store; returns what changed. */
    public Json reconcile() {
        return json(Request.post("/v1/system/reconcile", null));
    }

    private static String networkPath(String ref) {
        return "/v1/networks/" + PathSegment.encode(ref);
    }

    private static String sandboxPath(String ref) {
        return "/v1/sandboxes/" + PathSegment.encode(ref);
    }

    private static byte[] body(Object request) {
        return JsonWriter.compact(request).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private Response send(Request request) {
        Response response = http.exchange(request);
        if (!response.isSuccess()) {
            throw ApiError.of(response);
        }
        return response;
    }

    private Json json(Request request) {
        Response response = send(request);
        try {
            return JsonReader.read(response.body());
        } catch (JsonSyntaxException e) {
            throw new JnetException(ErrorKind.INTERNAL, "jnetd answered " + request + " with something that is not JSON: "
                    + e.getMessage(), e);
        }
    }

    private List<Json> array(Request request) {
        Json answer = json(request);
        if (!answer.isArray()) {
            throw new JnetException(ErrorKind.INTERNAL, "jnetd answered " + request + " with a JSON " + answer.type()
                    + " where a JSON array was expected");
        }
        List<Json> items = new ArrayList<>();
        answer.forEach(items::add);
        return items;
    }
}
