package dev.jnet.kernel.netns;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.ffi.Libc;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs code inside a network namespace on a platform thread. A thread's namespace is per OS thread, so
 * virtual threads never switch; a worker enters the target with {@code setns}, runs the task, and
 * returns to the process's own namespace. A worker that cannot return ends at once and is never reused
 * (and, unlike a {@code ThreadPoolExecutor} worker, it starts no replacement: a new thread would inherit
 * its namespace and capabilities).
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
    private volatile boolean closed;

    public NetnsExecutor() {
        this.homeFd = Libc.open(NetNs.PROCESS.path().toString(), Libc.O_RDONLY | Libc.O_CLOEXEC,
                "open the process's own network namespace");
    }

    /** Runs {@code task} inside {@code ns} and returns its result; its exceptions reach the caller as they were. */
    public <T> T call(NetNs ns, Callable<T> task) {
        if (closed) {
            throw new IllegalStateException("namespace executor is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        dispatch(() -> runIn(ns, task, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JnetException.internal("interrupted while waiting for work in " + ns, e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause(), ns);
        }
    }

    /** Runs {@code task} inside {@code ns}. */
    public void run(NetNs ns, Runnable task) {
        call(ns, () -> {
            task.run();
            return null;
        });
    }

    private void dispatch(Runnable job) {
        Worker worker = idle.pollFirst();
        if (worker != null) {
            worker.inbox.add(job);
            return;
        }
        live.incrementAndGet();
        Thread.ofPlatform().daemon().name("jnet-netns-" + THREADS.incrementAndGet()).start(new Worker(job));
    }

    /** Runs the job in its namespace; throws (ending the worker) if the thread cannot come back. */
    private <T> void runIn(NetNs ns, Callable<T> task, CompletableFuture<T> result) {
        if (ns.isProcess()) {
            complete(task, result);
            return;
        }
        try {
            int fd = Libc.open(ns.path().toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, "open " + ns + " at " + ns.path());
            try {
                Libc.setns(fd, Libc.CLONE_NEWNET, "enter " + ns + " at " + ns.path());
            } finally {
                Libc.close(fd);
            }
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        complete(task, result);
        goHome();
    }

    private void goHome() {
        Libc.setns(homeFd, Libc.CLONE_NEWNET, "return to the host namespace");
    }

    private static <T> void complete(Callable<T> task, CompletableFuture<T> result) {
        try {
            result.complete(task.call());
        } catch (Throwable t) {
            result.completeExceptionally(t);
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

    /** A platform thread that runs jobs, then waits idle for more until it has waited too long. */
    private final class Worker implements Runnable {
        private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
        private final Runnable first;

        Worker(Runnable first) {
            this.first = first;
        }

        @Override
        public void run() {
            try {
                // A new thread inherits the namespace of the thread that started it: start from home.
                goHome();
                for (Runnable job = first; job != STOP && job != null; job = next()) {
                    job.run();
                }
            } catch (RuntimeException stuck) {
                // Could not (re)enter the host namespace: end here, never to be reused.
            } finally {
                live.decrementAndGet();
            }
        }

        private Runnable next() {
            if (closed) {
                return null;
            }
            idle.addFirst(this);
            if (closed && idle.remove(this)) {
                return null;
            }
            try {
                Runnable job = inbox.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (job != null || !idle.remove(this)) {
                    // Either a job came, or a caller took us off the idle list and its job is on the way.
                    return job != null ? job : inbox.take();
                }
                return null;
            } catch (InterruptedException e) {
                idle.remove(this);
                return null;
            }
        }
    }

    /** Stops idle workers, waits briefly for busy ones, then releases the host namespace descriptor. */
    @Override
    public void close() {
        closed = true;
        for (Worker w = idle.pollFirst(); w != null; w = idle.pollFirst()) {
            w.inbox.add(STOP);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (live.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (live.get() == 0) {
            Libc.close(homeFd); // a worker still busy keeps it: it needs it to come home
        }
    }
}
