package dev.jnet.kernel.netns;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.ffi.Libc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs code inside a network namespace on a platform thread. A thread's namespace is per OS thread, so
 * virtual threads never switch; a worker enters the target with {@code setns}, runs the task, returns to
 * the process's own namespace, and only then hands the result over. That order matters: handing it over
 * may wake a virtual thread and start a carrier thread, and a new thread is born in its creator's
 * namespace.
 *
 * <p>A worker that cannot return ends at once and is never reused; it starts no replacement (a new
 * thread would inherit its namespace), and its result is handed over by a thread known to be at home.
 *
 * <p>Sockets keep the namespace they were created in: create them here, then use them from any thread.
 */
public final class NetnsExecutor implements AutoCloseable {
    private static final long KEEP_ALIVE_SECONDS = 30;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Runnable STOP = () -> { };

    private final int homeFd;
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LinkedBlockingQueue<Runnable> completions = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    public NetnsExecutor() {
        this.homeFd = Libc.open(NetNs.PROCESS.path().toString(), Libc.O_RDONLY | Libc.O_CLOEXEC,
                "open the process's own network namespace");
        live.incrementAndGet();
        Thread.ofPlatform().daemon().name("jnet-netns-completer").start(this::completeFromHome);
    }

    /** Runs {@code task} inside {@code ns} and returns its result; its exceptions reach the caller as they were. */
    public <T> T call(NetNs ns, Callable<T> task) {
        inFlight.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("namespace executor is closed");
            }
            CompletableFuture<T> result = new CompletableFuture<>();
            dispatch(() -> runIn(ns, task, result), why -> handOver(() -> result.completeExceptionally(why)));
            return await(result, ns);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Runs {@code task} inside {@code ns}. */
    public void run(NetNs ns, Runnable task) {
        call(ns, () -> {
            task.run();
            return null;
        });
    }

    /** One task of {@link #callEach}: what to run, and in which namespace. */
    public record Job<T>(NetNs ns, Callable<T> task) {
        public Job {
            java.util.Objects.requireNonNull(ns, "ns");
            java.util.Objects.requireNonNull(task, "task");
        }
    }

    /**
     * Runs the jobs one after the other on one worker, each inside its namespace (the worker goes from one
     * to the next, and home at the end): one hand-off for all, where {@link #call} costs one each. Returns
     * each job's outcome in order, completed with its value or with what it (or entering its namespace)
     * threw; one job's failure stops none of the others.
     */
    public <T> List<CompletableFuture<T>> callEach(List<Job<T>> jobs) {
        inFlight.incrementAndGet();
        try {
            if (closed) {
                throw new IllegalStateException("namespace executor is closed");
            }
            CompletableFuture<List<CompletableFuture<T>>> result = new CompletableFuture<>();
            dispatch(() -> runEach(jobs, result), why -> handOver(() -> result.completeExceptionally(why)));
            return await(result, NetNs.PROCESS);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Runs each job in its namespace, goes home, then hands the outcomes over. Completing a job's own
     * future away from home is safe: nobody can wait on it before the list is handed over.
     */
    private <T> void runEach(List<Job<T>> jobs, CompletableFuture<List<CompletableFuture<T>>> result) {
        List<CompletableFuture<T>> outcomes = new ArrayList<>(jobs.size());
        jobs.forEach(job -> outcomes.add(new CompletableFuture<>()));
        boolean away = false;
        try {
            for (int i = 0; i < jobs.size(); i++) {
                Job<T> job = jobs.get(i);
                CompletableFuture<T> outcome = outcomes.get(i);
                if (job.ns().isProcess() && away) {
                    goHome();
                    away = false;
                } else if (!job.ns().isProcess()) {
                    try {
                        enter(job.ns());
                        away = true;
                    } catch (RuntimeException e) {
                        outcome.completeExceptionally(e); // still where the last job left us
                        continue;
                    }
                }
                complete(job.task(), outcome).run();
            }
            if (away) {
                goHome();
            }
        } catch (RuntimeException stuck) {
            outcomes.forEach(o -> o.completeExceptionally(stuck)); // those not yet run (the others keep theirs)
            handOver(() -> result.complete(outcomes));
            throw stuck;
        }
        result.complete(outcomes);
    }

    private static <T> T await(CompletableFuture<T> result, NetNs ns) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            // The task still runs; whatever it opens for us (a socket, a context) must not leak.
            result.thenAccept(NetnsExecutor::closeQuietly);
            Thread.currentThread().interrupt();
            throw JnetException.internal("interrupted while waiting for work in " + ns, e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause(), ns);
        }
    }

    private void dispatch(Runnable job, java.util.function.Consumer<RuntimeException> abandon) {
        Worker worker = idle.pollFirst();
        if (worker != null) {
            worker.inbox.add(job);
            return;
        }
        live.incrementAndGet();
        Thread.ofPlatform().daemon().name("jnet-netns-" + THREADS.incrementAndGet()).start(new Worker(job, abandon));
    }

    /** Runs the task in its namespace, goes home, then hands the outcome over; throws if it cannot go home. */
    private <T> void runIn(NetNs ns, Callable<T> task, CompletableFuture<T> result) {
        if (ns.isProcess()) {
            complete(task, result).run();
            return;
        }
        try {
            enter(ns);
        } catch (RuntimeException e) {
            result.completeExceptionally(e); // still at home: entering failed
            return;
        }
        Runnable outcome = complete(task, result);
        try {
            goHome();
        } catch (RuntimeException stuck) {
            handOver(outcome);
            throw stuck;
        }
        outcome.run();
    }

    private static void enter(NetNs ns) {
        int fd = ns.openDescriptor("enter " + ns);
        try {
            Libc.setns(fd, Libc.CLONE_NEWNET, "enter " + ns + " at " + ns.path());
        } finally {
            Libc.close(fd);
        }
    }

    private void goHome() {
        Libc.setns(homeFd, Libc.CLONE_NEWNET, "return to the host namespace");
    }

    /** Runs the task now; returns what completes the future, to be run once back home. */
    private static <T> Runnable complete(Callable<T> task, CompletableFuture<T> result) {
        try {
            T value = task.call();
            return () -> result.complete(value);
        } catch (Throwable t) {
            return () -> result.completeExceptionally(t);
        }
    }

    /** Completes a future from the completer thread, which never leaves home. */
    private void handOver(Runnable completion) {
        completions.add(completion);
    }

    private void completeFromHome() {
        try {
            goHome();
            for (Runnable c = completions.take(); c != STOP; c = completions.take()) {
                c.run();
            }
        } catch (InterruptedException | RuntimeException e) {
            // closing, or cannot even start at home: nothing more to hand over
        } finally {
            live.decrementAndGet();
        }
    }

    private static RuntimeException unwrap(Throwable cause, NetNs ns) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return JnetException.internal("work in " + ns + " failed: " + cause, cause);
    }

    private static void closeQuietly(Object value) {
        if (value instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing useful to do: the caller is gone
            }
        }
    }

    /** A platform thread that runs jobs, then waits idle for more until it has waited too long. */
    private final class Worker implements Runnable {
        private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
        private final Runnable first;
        private final java.util.function.Consumer<RuntimeException> abandonFirst;

        Worker(Runnable first, java.util.function.Consumer<RuntimeException> abandonFirst) {
            this.first = first;
            this.abandonFirst = abandonFirst;
        }

        @Override
        public void run() {
            try {
                try {
                    // A new thread inherits the namespace of the thread that started it: start from home.
                    goHome();
                } catch (RuntimeException e) {
                    abandonFirst.accept(e);
                    return;
                }
                for (Runnable job = first; job != STOP && job != null; job = next()) {
                    job.run();
                }
            } catch (RuntimeException stuck) {
                // Could not return to the host namespace: end here, never to be reused.
            } finally {
                live.decrementAndGet();
            }
        }

        private Runnable next() {
            Thread.interrupted(); // a task's interrupt must not cost the next job
            if (closed) {
                return null;
            }
            idle.addFirst(this);
            if (closed && idle.remove(this)) {
                return null;
            }
            try {
                Runnable job = inbox.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (job != null || idle.remove(this)) {
                    return job;
                }
            } catch (InterruptedException e) {
                if (idle.remove(this)) {
                    return null;
                }
            }
            // A caller took us off the idle list: its job is on the way and must run.
            return takeUninterruptibly();
        }

        private Runnable takeUninterruptibly() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return inbox.take();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Refuses new work, stops idle workers, waits briefly for work in flight, then releases the host
     * namespace descriptor (kept if a worker is still busy: it needs it to come home).
     */
    @Override
    public void close() {
        closed = true;
        for (Worker w = idle.pollFirst(); w != null; w = idle.pollFirst()) {
            w.inbox.add(STOP);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while ((inFlight.get() > 0 || live.get() > 1) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        completions.add(STOP);
        if (inFlight.get() == 0 && live.get() <= 1) {
            Libc.close(homeFd);
        }
    }
}
