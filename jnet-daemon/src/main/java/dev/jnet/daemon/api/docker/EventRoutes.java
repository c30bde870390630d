package dev.jnet.daemon.api.docker;

import dev.jnet.core.controller.ChangeEvent;
import dev.jnet.daemon.api.filter.Until;
import dev.jnet.daemon.events.EventFilter;
import dev.jnet.daemon.events.EventLog;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Docker's {@code GET /events}: network events (create, destroy, connect, disconnect) in Docker's shape,
 * so that {@code docker events --filter type=network} works with the stock client. jnet has no
 * containers, images or volumes: those types never come. A connect's {@code container} is the sandbox id.
 */
final class EventRoutes {
    private final EventLog events;

    EventRoutes(EventLog events) {
        this.events = events;
    }

    /** Docker's {@code events.Message} for a network. */
    record Message(String Type, String Action, Actor Actor, String scope, long time, long timeNano) {
        record Actor(String ID, Map<String, String> Attributes) {}

        static Message of(ChangeEvent e) {
            Map<String, String> attributes = new TreeMap<>();
            attributes.put("name", e.name());
            attributes.put("type", e.attributes().getOrDefault("type", ""));
            if (e.attributes().containsKey("container")) {
                attributes.put("container", e.attributes().get("container"));
            }
            long nanos = e.time().getEpochSecond() * 1_000_000_000L + e.time().getNano();
            return new Message("network", e.action(), new Actor(e.id(), attributes), NetworkJson.LOCAL,
                    e.time().getEpochSecond(), nanos);
        }
    }

    void addTo(Router router) {
        router.add("GET", "/events", call -> {
            Instant now = Instant.now();
            Optional<Instant> since = call.query("since").filter(v -> !v.isEmpty()).map(v -> Until.parse(v, now));
            Optional<Instant> until = call.query("until").filter(v -> !v.isEmpty()).map(v -> Until.parse(v, now));
            Predicate<ChangeEvent> networks = EventFilter.parse(call.query("filters")).and(e -> e.type().equals("network"));
            EventLog.Start start = events.start(since);
            return new Reply.Stream(200, (lines, open) ->
                    events.stream(start, until, networks, open,
                            EventLog.Sink.of(r -> lines.write(Message.of(r.event())), lines::keepAlive)));
        });
    }
}
