package dev.jnet.bench;

import java.util.List;

/**
 * One timed run of one method.
 *
 * @param nanos wall time of the whole run
 * @param phases named parts of the run, in order, where the method can tell them apart
 */
record Measurement(long nanos, List<Phase> phases) {
    Measurement {
        phases = List.copyOf(phases);
    }

    Measurement(long nanos) {
        this(nanos, List.of());
    }

    double seconds() {
        return nanos / 1e9;
    }

    /** A named part of a run. */
    record Phase(String name, long nanos) {
    }
}
