package dev.jnet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/** Untimed bulk work (making and removing containers) spread over a few threads, each with its own client. */
final class Parallel {
    private Parallel() {}

    /**
     * Runs {@code task} for every index in [0, n) on {@code threads} platform threads, each with a client
     * of its own; stops handing out indexes at the first failure and rethrows it.
     */
    static <C extends AutoCloseable> void forEach(int n, int threads, Supplier<C> clients, ObjIntConsumer<C> task) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < Math.min(threads, n); t++) {
            workers.add(Thread.ofPlatform().name("bench-worker-" + t).start(() -> {
                try (C client = clients.get()) {
                    for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
                        task.accept(client, i);
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } catch (Exception e) {
                    failure.compareAndSet(null, new BenchmarkException("close a client: " + e.getMessage(), e));
                }
            }));
        }
        join(workers);
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    static void join(List<Thread> workers) {
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchmarkException("interrupted while waiting for the workers", e);
            }
        }
    }
}
