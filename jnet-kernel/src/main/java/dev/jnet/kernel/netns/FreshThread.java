package dev.jnet.kernel.netns;

import dev.jnet.error.JnetException;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs work on a new platform thread that ends with it, for work that leaves its thread in another
 * namespace for good ({@code unshare}): the thread is never reused, so nothing else runs there.
 */
public final class FreshThread {
    private FreshThread() {}

    /** Runs {@code work} on a new thread called {@code name} and returns its result or rethrows its failure. */
    public static <T> T call(String name, Supplier<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                result.set(work.get());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JnetException.internal("interrupted while waiting for " + name, e);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
