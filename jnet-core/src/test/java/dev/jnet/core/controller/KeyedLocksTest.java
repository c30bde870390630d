package dev.jnet.core.controller;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedLocksTest {
    @Test
    void tryExclusiveRunsNothingWhileAChangeIsInProgressAndRunsOnceNoneIs() throws Exception {
        KeyedLocks locks = new KeyedLocks();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> change = CompletableFuture.runAsync(() -> locks.with("network-1", () -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }));
        inside.await();

        assertThat(locks.tryExclusive(() -> "checked")).as("a change holds its lock").isEmpty();
        assertThat(locks.with("network-2", () -> "another change")).as("and changes still run").isEqualTo("another change");
        release.countDown();
        change.get(10, TimeUnit.SECONDS);
        assertThat(locks.tryExclusive(() -> "checked")).isEqualTo(Optional.of("checked"));
    }

    @Test
    void exclusiveUnlessGivesUpItsWaitBehindAStuckChangeWhenAskedAndRunsOnceTheChangeEnds() throws Exception {
        KeyedLocks locks = new KeyedLocks();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<?> stuck = threads.submit(() -> locks.with("network-1", () -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            inside.await();
            java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.Future<Optional<String>> waiting = threads.submit(
                    () -> locks.exclusiveUnless(stopping::get, () -> "repaired"));

            Thread.sleep(300);
            assertThat(waiting.isDone()).as("waits while the change is stuck").isFalse();
            stopping.set(true);
            assertThat(waiting.get(10, TimeUnit.SECONDS)).as("gave up, ran nothing").isEmpty();

            release.countDown();
            stuck.get(10, TimeUnit.SECONDS);
            assertThat(locks.exclusiveUnless(() -> false, () -> "repaired")).contains("repaired");
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }
}
