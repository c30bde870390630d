package dev.jnet.daemon.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The API's routes: a method and a path template such as {@code /v1/networks/{ref}/connect}, where a
 * {@code {name}} segment matches any one segment. When several templates match a path, the one with the
 * most literal segments wins, so {@code POST /v1/networks/prune} is not a network called "prune".
 */
public final class Router {
    private final List<Route> routes = new ArrayList<>();
    private final Frame frame;
    private volatile Answered answered = (method, route, status, nanos) -> { };

    /** Told of every answered request: its method, route template ({@code unmatched} if none), status and time. */
    @FunctionalInterface
    public interface Answered {
        void request(String method, String route, int status, long nanos);
    }

    /** A router for jnetd's native API ({@link Frame#NATIVE}). */
    public Router() {
        this(Frame.NATIVE);
    }

    /** A router whose requests are framed by {@code frame} before they are routed. */
    public Router(Frame frame) {
        this.frame = frame;
    }

    private record Route(String method, String template, List<String> segments, int literals, RouteHandler handler) {}

    /** What a request's method and path lead to. */
    sealed interface Match {
        /** The route's handler, its template (such as {@code /v1/networks/{ref}}, for metrics) and the path's parameters. */
        record Found(RouteHandler handler, String template, Map<String, String> params) implements Match {}

        record NoSuchPath() implements Match {}

        record WrongMethod(List<String> allowed) implements Match {}
    }

    /** Adds a route; a second route with the same method and template is a programming error. */
    public Router add(String method, String template, RouteHandler handler) {
        List<String> segments = segments(template);
        for (Route r : routes) {
            if (r.method.equals(method) && shape(r.segments).equals(shape(segments))) {
                throw new IllegalArgumentException("route " + method + " " + template + " is defined twice");
            }
        }
        int literals = (int) segments.stream().filter(s -> !isParam(s)).count();
        routes.add(new Route(method, template, segments, literals, handler));
        return this;
    }

    /** Tells {@code listener} of every request this router answers (jnetd's metrics). */
    public Router onAnswered(Answered listener) {
        this.answered = listener;
        return this;
    }

    Answered answered() {
        return answered;
    }

    Frame frame() {
        return frame;
    }

    Match match(String method, String path) {
        List<String> segments = segments(path);
        Route best = null;
        Map<String, String> bestParams = Map.of();
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Optional<Map<String, String>> params = bind(route.segments, segments);
            if (params.isEmpty()) {
                continue;
            }
            allowed.add(route.method);
            if (route.method.equals(method) && (best == null || route.literals > best.literals)) {
                best = route;
                bestParams = params.get();
            }
        }
        if (best != null) {
            return new Match.Found(best.handler, best.template, bestParams);
        }
        return allowed.isEmpty() ? new Match.NoSuchPath() : new Match.WrongMethod(List.copyOf(allowed));
    }

    private static Optional<Map<String, String>> bind(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (isParam(t)) {
                if (path.get(i).isEmpty()) {
                    return Optional.empty();
                }
                params.put(t.substring(1, t.length() - 1), path.get(i));
            } else if (!t.equals(path.get(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    /** The segments with every parameter alike: {@code /a/{x}} and {@code /a/{y}} match the same paths. */
    private static List<String> shape(List<String> segments) {
        return segments.stream().map(s -> isParam(s) ? "{}" : s).toList();
    }

    private static boolean isParam(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    /** "/v1/networks/" is not "/v1/networks": a trailing slash leaves an empty last segment. */
    private static List<String> segments(String path) {
        if (!path.startsWith("/")) {
            return List.of("\0"); // matches nothing
        }
        return List.of(path.substring(1).split("/", -1));
    }
}
