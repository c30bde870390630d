package dev.jnet.daemon.http;

import dev.jnet.error.JnetException;

import java.util.Map;
import java.util.Optional;

/**
 * One API request as a route sees it: the method, the path, the values of the path's {@code {name}}
 * segments, the query parameters, the API version the path asked for (if the API has one) and the body
 * (already read, at most {@link BodyReader#MAX_BODY_BYTES}).
 */
public final class Call {
    private final String method;
    private final String path;
    private final Map<String, String> params;
    private final Map<String, String> query;
    private final Optional<String> version;
    private final byte[] body;

    Call(String method, String path, Map<String, String> params, Map<String, String> query, Optional<String> version,
         byte[] body) {
        this.method = method;
        this.path = path;
        this.params = Map.copyOf(params);
        this.query = Map.copyOf(query);
        this.version = version;
        this.body = body;
    }

    public String method() {
        return method;
    }

    /** The value of the path segment named {@code {name}} in the route's template. */
    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("route " + path + " has no path parameter " + name);
        }
        return value;
    }

    /** The (first) value of query parameter {@code name}, decoded; empty if the query does not have it. */
    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The API version the request's path asked for, as its {@link Frame} read it; empty for none. */
    public Optional<String> version() {
        return version;
    }

    /** The body as {@code type}; INVALID if it is missing, malformed, or has unknown or mistyped fields. */
    public <T> T body(Class<T> type) {
        return optionalBody(type).orElseThrow(() -> JnetException.invalid("the request body is empty; "
                + method + " " + path + " needs a JSON object"));
    }

    /** The body as {@code type}, or empty when the request has none (or JSON {@code null}). */
    public <T> Optional<T> optionalBody(Class<T> type) {
        return JsonCodec.read(body, type, method + " " + path);
    }
}
