package dev.jnet.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** A stop with a deadline: runs {@code stop}, and if it has not returned within the limit, runs {@code overrun}. */
final class StopDeadline {
    private static final Logger LOG = LoggerFactory.getLogger(StopDeadline.class);

    private StopDeadline() {}

    /** Runs {@code stop} here; {@code overrun} runs on another thread if {@code stop} takes longer than {@code limit}. */
    static void run(Runnable stop, Duration limit, Runnable overrun) {
        Thread deadline = Thread.ofPlatform().daemon().name("jnetd-stop-deadline").start(() -> {
            try {
                Thread.sleep(limit);
            } catch (InterruptedException e) {
                return; // stopped in time
            }
            overrun.run();
        });
        try {
            stop.run();
        } catch (RuntimeException e) {
            LOG.error("stopping failed: {}", e.getMessage(), e);
        } finally {
            deadline.interrupt();
        }
    }
}
