package dev.jnet.kernel.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that becomes true on its own (a watch delivered, a lease run out), failing after a bound. */
public final class Eventually {
    /** Long enough for a lease of a few seconds to run out and a watch to deliver, on a busy 2-core machine. */
    public static final Duration BOUND = Duration.ofSeconds(30);

    private Eventually() {}

    /** Returns once {@code condition} holds; an {@link AssertionError} naming {@code what} after {@link #BOUND}. */
    public static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + BOUND.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
