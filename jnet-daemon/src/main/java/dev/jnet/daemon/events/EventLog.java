package dev.jnet.daemon.events;

import dev.jnet.core.controller.ChangeEvent;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The last {@value #CAPACITY} changes, numbered from 1, kept in memory for the event streams of both APIs
 * (as dockerd keeps its last 1,000 events): what happened since a time is sent first, then each new one
 * as it happens, until a time, the client's going away, or {@link #close}.
 */
public final class EventLog implements AutoCloseable {
    static final int CAPACITY = 1000;
    /** How often a waiting stream looks whether its client is still there and its end has come. */
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** An event and its number. */
    public record Recorded(long id, ChangeEvent event) {}

    /** Where a stream's events go; a failure (the client went away) ends the stream. */
    public interface Sink {
        void send(Recorded event) throws IOException;

        /** Nothing happened for a while: write something harmless, so that a client that left is noticed. */
        void keepAlive() throws IOException;

        /** Sends one event. */
        @FunctionalInterface
        interface Send {
            void send(Recorded event) throws IOException;
        }

        /** Writes the harmless something. */
        @FunctionalInterface
        interface Ping {
            void ping() throws IOException;
        }

        static Sink of(Send send, Ping ping) {
            return new Sink() {
                @Override
                public void send(Recorded event) throws IOException {
                    send.send(event);
                }

                @Override
                public void keepAlive() throws IOException {
                    ping.ping();
                }
            };
        }
    }

    /** How long a stream stays silent before {@link Sink#keepAlive}. */
    static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ArrayDeque<Recorded> ring = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    private long next = 1;
    private boolean closed;
    private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> counts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records a change (a controller listener: quick, never throws). */
    public void append(ChangeEvent event) {
        counts.computeIfAbsent(event.type() + ":" + event.action(), k -> new java.util.concurrent.atomic.LongAdder()).increment();
        lock.lock();
        try {
            ring.addLast(new Recorded(next++, event));
            if (ring.size() > CAPACITY) {
                ring.removeFirst();
            }
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many events of each {@code type:action} there were since start (also those no longer kept). */
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The recorded events from {@code since} to {@code until} that {@code filter} takes, oldest first. */
    public List<Recorded> between(Instant since, Instant until, Predicate<ChangeEvent> filter) {
        lock.lock();
        try {
            return ring.stream().filter(r -> inWindow(r, since, Optional.of(until)) && filter.test(r.event())).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where a stream begins: at the events since a time, or (without one) after the newest event when the
     * stream was asked for, counted by number, so that a clock stepped back (NTP, a resumed VM) loses nothing.
     */
    public record Start(Optional<Instant> since, long after) {}

    /** The start of a stream asked for now: take it before the answer's headers go out, so nothing falls between. */
    public Start start(Optional<Instant> since) {
        return new Start(since, since.isPresent() ? 0 : newest());
    }

    /**
     * Sends each recorded event from {@code start} on that {@code filter} takes, then each new one, until
     * {@code until} has passed (at once if it is past), {@code open} turns false, the sink fails or the log closes.
     */
    public void stream(Start start, Optional<Instant> until, Predicate<ChangeEvent> filter,
                       BooleanSupplier open, Sink sink) throws IOException {
        long seen = start.after();
        Instant from = start.since().orElse(Instant.EPOCH);
        long lastWrite = System.nanoTime();
        while (true) {
            if (System.nanoTime() - lastWrite > KEEPALIVE_NANOS) {
                sink.keepAlive();
                lastWrite = System.nanoTime();
            }
            List<Recorded> batch = new ArrayList<>();
            lock.lock();
            try {
                for (Recorded r : ring) {
                    if (r.id() > seen) {
                        batch.add(r);
                    }
                }
                if (batch.isEmpty()) {
                    if (closed || until.map(u -> !Instant.now().isBefore(u)).orElse(false) || !open.getAsBoolean()) {
                        return;
                    }
                    added.awaitNanos(CHECK_NANOS);
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            for (Recorded r : batch) {
                seen = r.id();
                if (inWindow(r, from, until) && filter.test(r.event())) {
                    sink.send(r);
                    lastWrite = System.nanoTime();
                }
            }
        }
    }

    private long newest() {
        lock.lock();
        try {
            return next - 1;
        } finally {
            lock.unlock();
        }
    }

    private static boolean inWindow(Recorded r, Instant since, Optional<Instant> until) {
        Instant time = r.event().time();
        return !time.isBefore(since) && until.map(u -> !time.isAfter(u)).orElse(true);
    }

    /** Ends every stream (jnetd is stopping). */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
