package dev.jnet.core.controller;

import java.util.ArrayList;
import java.util.List;

/**
 * How long each part of an operation took, for the debug log: {@code 812 ms (endpoints 530 ms, ...)}. Not
 * thread-safe: one operation's thread marks its phases.
 */
final class PhaseTimer {
    private final long start = System.nanoTime();
    private final List<String> parts = new ArrayList<>();
    private final boolean micros;
    private long last = start;

    private PhaseTimer(boolean micros) {
        this.micros = micros;
    }

    /** Phases of milliseconds and more (a start-up pass). */
    static PhaseTimer millis() {
        return new PhaseTimer(false);
    }

    /** Phases of microseconds (one request). */
    static PhaseTimer micros() {
        return new PhaseTimer(true);
    }

    /** Ends the current phase, which is named {@code phase}; the next starts now. */
    void done(String phase) {
        long now = System.nanoTime();
        parts.add(phase + " " + format(now - last));
        last = now;
    }

    private String format(long nanos) {
        return micros ? nanos / 1_000 + " us" : nanos / 1_000_000 + " ms";
    }

    @Override
    public String toString() {
        return format(last - start) + " (" + String.join(", ", parts) + ")";
    }
}
