package dev.jnet.daemon;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StopDeadlineTest {
    @Test
    void aStopThatOverrunsItsLimitHasTheOverrunActionRunWhileItIsStillStuck() throws InterruptedException {
        CountDownLatch overran = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread stopping = Thread.ofPlatform().start(() -> StopDeadline.run(() -> {
            try {
                release.await(); // a request stuck on a lock, say
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, Duration.ofMillis(200), overran::countDown));
        assertThat(overran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stopping.isAlive()).isTrue();
        release.countDown();
        stopping.join();
    }

    @Test
    void aStopInTimeOrOneThatFailsNeverRunsTheOverrunAction() throws InterruptedException {
        AtomicInteger overruns = new AtomicInteger();
        StopDeadline.run(() -> {}, Duration.ofMillis(200), overruns::incrementAndGet);
        StopDeadline.run(() -> {
            throw new IllegalStateException("store already closed");
        }, Duration.ofMillis(200), overruns::incrementAndGet);
        Thread.sleep(500);
        assertThat(overruns).hasValue(0);
    }
}
