package dev.jnet.core.controller;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The inverses of the steps done so far. On failure they run newest first; a failing inverse does not
 * stop the others, and its error is attached to the original one.
 */
final class Undo {
    private final Deque<Runnable> steps = new ArrayDeque<>();

    void push(Runnable inverse) {
        steps.push(inverse);
    }

    /** Takes over {@code other}'s inverses, as if they had been pushed here (newest stays newest); {@code other} is left empty. */
    void absorb(Undo other) {
        Iterator<Runnable> oldestFirst = other.steps.descendingIterator();
        while (oldestFirst.hasNext()) {
            steps.push(oldestFirst.next());
        }
        other.steps.clear();
    }

    /** Runs every inverse, newest first, and returns {@code failure} with any of their errors suppressed in it. */
    RuntimeException rollBack(RuntimeException failure) {
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }
}
