package dev.jnet.daemon.api.filter;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.Sandbox;
import dev.jnet.error.JnetException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code filters} of {@code GET /v1/sandboxes}, read as Docker's list filters are: {@code name} and
 * {@code id} (the value, or an RE2 regular expression found in it, as for networks), {@code network} (a
 * network the sandbox is connected to, by id, id prefix or name). Values of one key are alternatives,
 * different keys must all match.
 */
public final class SandboxFilter {
    static final Set<String> KEYS = Set.of("name", "id", "network");

    private final Map<String, Set<String>> args;
    private final List<FilterPattern> names;
    private final List<FilterPattern> ids;

    private SandboxFilter(Map<String, Set<String>> args) {
        this.args = args;
        this.names = args.getOrDefault("name", Set.of()).stream().map(v -> FilterPattern.of("name", v)).toList();
        this.ids = args.getOrDefault("id", Set.of()).stream().map(v -> FilterPattern.of("id", v)).toList();
    }

    /** The filter in {@code json} (absent: everything); INVALID naming an unknown key. */
    public static SandboxFilter parse(Optional<String> json) {
        Map<String, Set<String>> args = FilterArgs.read(json.orElse(""));
        for (String key : args.keySet()) {
            if (!KEYS.contains(key)) {
                throw JnetException.invalid("invalid filter '" + key + "'");
            }
        }
        return new SandboxFilter(args);
    }

    /** Whether the sandbox, with these endpoints, matches; {@code networks} finds an endpoint's network. */
    public boolean matches(Sandbox sandbox, List<Endpoint> endpoints, Function<Endpoint, Network> networks) {
        return (names.isEmpty() || names.stream().anyMatch(p -> p.matches(sandbox.name())))
                && (ids.isEmpty() || ids.stream().anyMatch(p -> p.matches(sandbox.id().value())))
                && (!args.containsKey("network") || endpoints.stream().map(networks).anyMatch(n ->
                        args.get("network").stream().anyMatch(v -> n.name().equals(v) || n.id().value().startsWith(v))));
    }
}
