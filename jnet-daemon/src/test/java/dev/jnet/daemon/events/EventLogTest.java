package dev.jnet.daemon.events;

import dev.jnet.core.controller.ChangeEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogTest {
    private static ChangeEvent event(String action, String name, Instant time) {
        return new ChangeEvent("network", action, "id-" + name, name, Map.of("type", "bridge"), time);
    }

    @Test
    void keepsTheLastThousandNumberedAndFiltersByTimeAndPredicate() {
        EventLog log = new EventLog();
        Instant t0 = Instant.parse("2026-12-02T10:00:00Z");
        for (int i = 0; i < EventLog.CAPACITY + 5; i++) {
            log.append(event(i % 2 == 0 ? "create" : "destroy", "n" + i, t0.plusSeconds(i)));
        }
        List<EventLog.Recorded> all = log.between(Instant.EPOCH, t0.plusSeconds(10_000), e -> true);
        assertThat(all).hasSize(EventLog.CAPACITY);
        assertThat(all.getFirst().id()).isEqualTo(6);
        assertThat(all.getLast().event().name()).isEqualTo("n1004");
        assertThat(log.between(t0.plusSeconds(1000), t0.plusSeconds(1002), e -> e.action().equals("create")))
                .extracting(r -> r.event().name()).containsExactly("n1000", "n1002");
    }

    @Test
    void aStreamSendsTheBacklogThenNewEventsAndEndsAtUntilAtCloseOrWhenTheClientLeaves() throws Exception {
        EventLog log = new EventLog();
        Instant now = Instant.now();
        log.append(event("create", "old", now.minusSeconds(60)));
        log.append(event("create", "recent", now.minusSeconds(1)));

        List<String> past = new CopyOnWriteArrayList<>();
        log.stream(log.start(Optional.of(now.minusSeconds(10))), Optional.of(now), e -> true, () -> true,
                EventLog.Sink.of(r -> past.add(r.event().name()), () -> { }));
        assertThat(past).as("until has passed: the backlog, then the end").containsExactly("recent");

        List<String> live = new CopyOnWriteArrayList<>();
        Thread stream = Thread.ofVirtual().start(() -> {
            try {
                log.stream(log.start(Optional.of(now.minusSeconds(10))), Optional.empty(), e -> e.action().equals("create"),
                        () -> true, EventLog.Sink.of(r -> live.add(r.event().name()), () -> { }));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        log.append(event("destroy", "skipped", Instant.now()));
        log.append(event("create", "new", Instant.now()));
        for (int i = 0; i < 100 && live.size() < 2; i++) {
            Thread.sleep(20);
        }
        assertThat(live).containsExactly("recent", "new");
        assertThat(stream.isAlive()).isTrue();
        log.close();
        assertThat(stream.join(java.time.Duration.ofSeconds(5))).as("close ends the stream").isTrue();

        AtomicBoolean open = new AtomicBoolean(true);
        EventLog other = new EventLog();
        Thread left = Thread.ofVirtual().start(() -> {
            try {
                other.stream(other.start(Optional.empty()), Optional.empty(), e -> true, open::get, EventLog.Sink.of(r -> { }, () -> { }));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        open.set(false);
        assertThat(left.join(java.time.Duration.ofSeconds(5))).as("a client gone ends its stream within a second").isTrue();

        EventLog stepped = new EventLog();
        stepped.append(event("create", "before", Instant.now()));
        List<String> afterNow = new CopyOnWriteArrayList<>();
        EventLog.Start asked = stepped.start(Optional.empty()); // when the request came, before its headers went out
        stepped.append(event("create", "from a clock stepped back", Instant.now().minusSeconds(3600)));
        Thread fromNow = Thread.ofVirtual().start(() -> {
            try {
                stepped.stream(asked, Optional.empty(), e -> true, () -> true,
                        EventLog.Sink.of(r -> afterNow.add(r.event().name()), () -> { }));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        for (int i = 0; i < 100 && afterNow.isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(afterNow).as("without since: what came after the request, by number, whatever its time says, "
                        + "also when the stream starts later")
                .containsExactly("from a clock stepped back");
        stepped.close();
        assertThat(fromNow.join(java.time.Duration.ofSeconds(5))).isTrue();
    }
}
