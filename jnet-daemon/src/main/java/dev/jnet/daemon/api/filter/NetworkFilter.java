package dev.jnet.daemon.api.filter;

import dev.jnet.core.controller.Controller;
import dev.jnet.core.model.Network;
import dev.jnet.error.JnetException;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code filters} query parameter of listing and pruning networks, read and matched as dockerd does
 * ({@code daemon/network/filter.go}), the same for the Docker API's {@code GET /networks} and {@code POST
 * /networks/prune} and the native API's {@code GET /v1/networks} and {@code POST /v1/networks/prune}: JSON
 * {@code {"key": {"value": true}}} (or the older {@code {"key": ["value"]}}); values of one key are
 * alternatives, different keys must all match. {@code name} and {@code id} values are {@link FilterPattern}s,
 * compiled once per request.
 */
public final class NetworkFilter {
    static final Set<String> LIST_KEYS = Set.of("dangling", "driver", "id", "label", "name", "scope", "type");
    static final Set<String> PRUNE_KEYS = Set.of("label", "label!", "until");
    /** Every jnet network is local (one host) until networks get a scope of their own. */
    private static final String SCOPE = "local";

    private final Map<String, Set<String>> args;
    private final Map<String, List<FilterPattern>> patterns;
    private final Optional<Boolean> dangling;
    private final Optional<Instant> until;

    private NetworkFilter(Map<String, Set<String>> args, Optional<Boolean> dangling, Optional<Instant> until) {
        this.args = args;
        this.patterns = new HashMap<>();
        for (String key : List.of("name", "id")) {
            if (args.containsKey(key)) {
                patterns.put(key, args.get(key).stream().map(value -> FilterPattern.of(key, value)).toList());
            }
        }
        this.dangling = dangling;
        this.until = until;
    }

    /** The list filter in {@code json} (absent or empty: match all); INVALID with dockerd's words if malformed. */
    public static NetworkFilter forList(Optional<String> json) {
        return parse(json, LIST_KEYS, Optional.empty());
    }

    /** The prune filter in {@code json}: it only ever matches unused user-defined networks. */
    public static NetworkFilter forPrune(Optional<String> json) {
        return forPrune(json, Map.of());
    }

    /**
     * The prune filter in {@code json} and, as more {@code label} filters, {@code labels} (a key with an
     * empty value: the label with any value), which the native API also takes in its body.
     */
    public static NetworkFilter forPrune(Optional<String> json, Map<String, String> labels) {
        NetworkFilter filter = parse(json, PRUNE_KEYS, Optional.of(true));
        if (!labels.isEmpty()) {
            Set<String> all = new HashSet<>(filter.args.getOrDefault("label", Set.of()));
            labels.forEach((key, value) -> all.add(value.isEmpty() ? key : key + "=" + value));
            filter.args.put("label", all);
        }
        return filter;
    }

    private static NetworkFilter parse(Optional<String> json, Set<String> accepted, Optional<Boolean> dangling) {
        Map<String, Set<String>> args = FilterArgs.read(json.orElse(""));
        for (String key : args.keySet()) {
            if (!accepted.contains(key)) {
                throw JnetException.invalid("invalid filter '" + key + "'");
            }
        }
        for (String type : args.getOrDefault("type", Set.of())) {
            if (!type.equals("builtin") && !type.equals("custom")) {
                throw JnetException.invalid("invalid filter: 'type'='" + type + "'");
            }
        }
        Set<String> danglingValues = args.getOrDefault("dangling", Set.of());
        if (danglingValues.size() > 1) {
            throw JnetException.invalid("got more than one value for filter key \"dangling\"");
        }
        for (String value : danglingValues) {
            dangling = Optional.of(switch (value) {
                case "1", "true" -> true;
                case "0", "false" -> false;
                default -> throw JnetException.invalid(
                        "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")");
            });
        }
        Set<String> untilValues = args.getOrDefault("until", Set.of());
        if (untilValues.size() > 1) {
            throw JnetException.invalid("more than one until filter specified");
        }
        Optional<Instant> until = untilValues.stream().findFirst().map(v -> Until.parse(v, Instant.now()));
        return new NetworkFilter(args, dangling, until);
    }

    /** Whether {@code network}, which has endpoints or not, matches every key of this filter. */
    public boolean matches(Network network, boolean hasEndpoints) {
        boolean predefined = Controller.isPredefined(network);
        return exact("driver", network.driver())
                && match("name", network.name())
                && match("id", network.id().value())
                && (!args.containsKey("label") || labels(args.get("label"), network.labels()))
                && (!args.containsKey("label!") || !labels(args.get("label!"), network.labels()))
                && exact("scope", SCOPE)
                && dangling.map(d -> d == (!predefined && !hasEndpoints)).orElse(true)
                && (!args.containsKey("type") || args.get("type").contains(predefined ? "builtin" : "custom"))
                && until.map(u -> !network.created().isAfter(u)).orElse(true);
    }

    private boolean exact(String key, String value) {
        return !args.containsKey(key) || args.get(key).isEmpty() || args.get(key).contains(value);
    }

    /** Exactly, or as a regular expression found anywhere in the value (a bad expression matches nothing). */
    private boolean match(String key, String value) {
        return exact(key, value) || patterns.get(key).stream().anyMatch(p -> p.matches(value));
    }

    /** Every {@code key} or {@code key=value} in {@code wanted} is among {@code labels}. */
    private static boolean labels(Set<String> wanted, Map<String, String> labels) {
        if (wanted.isEmpty()) {
            return true;
        }
        for (String want : wanted) {
            int eq = want.indexOf('=');
            String key = eq < 0 ? want : want.substring(0, eq);
            if (!labels.containsKey(key) || eq >= 0 && !want.substring(eq + 1).equals(labels.get(key))) {
                return false;
            }
        }
        return true;
    }
}
