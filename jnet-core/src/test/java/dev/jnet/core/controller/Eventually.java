package dev.jnet.core.controller;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something the system does by itself (a repair, say): polls, never asserts how fast. */
final class Eventually {
    /** As long as jnet promises a repair to take, and then some for a loaded machine. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    private Eventually() {}

    /** Polls {@code condition} until it holds; fails naming {@code what} when it still does not after {@link #PATIENCE}. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not so after " + PATIENCE.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}
