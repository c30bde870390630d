package dev.jnet.core.controller;

import java.time.Duration;

/**
 * Removes the sandboxes whose owner process has ended (a {@code jnet run} killed with SIGKILL, or one
 * whose jnetd was down when it ended): once at start, then every {@link #INTERVAL}.
 */
final class OwnerWatch implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(OwnerWatch.class.getName());

    private final SandboxOps sandboxes;
    private final Thread thread;
    private volatile boolean closed;

    OwnerWatch(SandboxOps sandboxes) {
        this.sandboxes = sandboxes;
        this.thread = Thread.ofVirtual().name("jnet-owner-watch").start(this::run);
    }

    private void run() {
        while (!closed) {
            try {
                sandboxes.removeOrphaned();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "checking the owners of sandboxes failed: " + e.getMessage());
            }
            // Short naps, so that close() never interrupts a removal half-way.
            for (long slept = 0; slept < INTERVAL.toMillis() && !closed; slept += 100) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(INTERVAL.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
