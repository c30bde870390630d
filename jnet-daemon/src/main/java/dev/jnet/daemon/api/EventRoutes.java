package dev.jnet.daemon.api;

import dev.jnet.daemon.api.filter.Until;
import dev.jnet.daemon.events.EventFilter;
import dev.jnet.daemon.events.EventLog;
import dev.jnet.daemon.http.Call;
import dev.jnet.daemon.http.Reply;
import dev.jnet.daemon.http.Router;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/events}: jnetd's changes as a stream of JSON lines, those since {@code since} first (by
 * default only new ones), until {@code until} (by default for as long as the client stays).
 */
final class EventRoutes {
    private final EventLog events;

    EventRoutes(EventLog events) {
        this.events = events;
    }

    /** One event: its number, time, what changed and how. */
    record EventJson(long id, String time, String type, String action, Actor actor) {
        record Actor(String id, String name, Map<String, String> attributes) {}

        static EventJson of(EventLog.Recorded r) {
            var e = r.event();
            return new EventJson(r.id(), e.time().toString(), e.type(), e.action(),
                    new Actor(e.id(), e.name(), Fields.sorted(e.attributes())));
        }
    }

    void addTo(Router router) {
        router.add("GET", "/v1/events", call -> {
            Instant now = Instant.now();
            Optional<Instant> since = time(call, "since", now);
            Optional<Instant> until = time(call, "until", now);
            var filter = EventFilter.parse(call.query("filters"));
            EventLog.Start start = events.start(since);
            return new Reply.Stream(200, (lines, open) ->
                    events.stream(start, until, filter, open,
                            EventLog.Sink.of(r -> lines.write(EventJson.of(r)), lines::keepAlive)));
        });
    }

    /** {@code since} or {@code until} as docker takes them: a Unix time, an RFC 3339 time, or a duration before now. */
    static Optional<Instant> time(Call call, String name, Instant now) {
        return call.query(name).filter(v -> !v.isEmpty()).map(v -> Until.parse(v, now));
    }
}
