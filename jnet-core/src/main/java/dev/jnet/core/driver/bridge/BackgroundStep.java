package dev.jnet.core.driver.bridge;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A step that runs on a virtual thread of its own while the caller does another: for two steps that each
 * wait on the kernel and do not depend on each other (an nftables batch while a veth is made). The caller
 * always awaits it, also when its own step failed, so that it knows what to undo.
 */
final class BackgroundStep {
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private BackgroundStep() {}

    static BackgroundStep start(String name, Runnable step) {
        BackgroundStep background = new BackgroundStep();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                step.run();
                background.done.complete(null);
            } catch (Throwable t) {
                background.done.completeExceptionally(t);
            }
        });
        return background;
    }

    /** Waits for the step: empty when it succeeded, else its failure (an Error is thrown as it is). */
    Optional<RuntimeException> await() {
        try {
            done.join();
            return Optional.empty();
        } catch (CompletionException e) {
            return switch (e.getCause()) {
                case RuntimeException failure -> Optional.of(failure);
                case Error error -> throw error;
                case Throwable other -> Optional.of(new IllegalStateException(other));
            };
        }
    }
}
