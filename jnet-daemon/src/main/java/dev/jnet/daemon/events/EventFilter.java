package dev.jnet.daemon.events;

import dev.jnet.core.controller.ChangeEvent;
import dev.jnet.daemon.api.filter.FilterArgs;
import dev.jnet.error.JnetException;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@code filters} of an event stream, as dockerd's: {@code type} (network; jnet's API also sandbox
 * and jnet), {@code event} or {@code action}, {@code network} (id, id prefix or name), {@code container}
 * or {@code sandbox} (id or name). Values of one key are alternatives, different keys must all match.
 */
public final class EventFilter {
    private static final Set<String> KEYS = Set.of("type", "event", "action", "network", "container", "sandbox");

    private EventFilter() {}

    /** The filter in {@code json} (absent: everything); INVALID naming an unknown key. */
    public static Predicate<ChangeEvent> parse(Optional<String> json) {
        Map<String, Set<String>> args = FilterArgs.read(json.orElse(""));
        for (String key : args.keySet()) {
            if (!KEYS.contains(key)) {
                throw JnetException.invalid("invalid filter '" + key + "'");
            }
        }
        return event -> any(args, "type", event.type()::equals)
                && any(args, "event", event.action()::equals) && any(args, "action", event.action()::equals)
                && any(args, "network", v -> event.type().equals("network") && (event.id().startsWith(v) || event.name().equals(v)))
                && any(args, "container", v -> sandbox(event, v)) && any(args, "sandbox", v -> sandbox(event, v));
    }

    private static boolean sandbox(ChangeEvent event, String value) {
        String id = event.type().equals("sandbox") ? event.id() : event.attributes().getOrDefault("container", "");
        String name = event.type().equals("sandbox") ? event.name() : event.attributes().getOrDefault("sandbox", "");
        return !id.isEmpty() && (id.startsWith(value) || name.equals(value));
    }

    private static boolean any(Map<String, Set<String>> args, String key, Predicate<String> test) {
        return !args.containsKey(key) || args.get(key).stream().anyMatch(test);
    }
}
