package dev.jnet.kernel.netns;

import dev.jnet.error.JnetException;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.ffi.Libc;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs code inside a network namespace on a platform thread. A thread's namespace is per OS thread, so
 * virtual threads never switch; each worker enters the target with {@code setns}, runs the task, and
 * returns to the process's own namespace. A worker that cannot return is discarded, never reused.
 *
 * <p>Sockets keep the namespace they were created in: create them here, then use them from any thread.
 */
public final class NetnsExecutor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NetnsExecutor.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final int homeFd;
    private final ThreadPoolExecutor pool;

    public NetnsExecutor() {
        this.homeFd = Libc.open(NetNs.PROCESS.path().toString(), Libc.O_RDONLY | Libc.O_CLOEXEC,
                "open the process's own network namespace");
        ThreadFactory factory = task -> {
            Thread thread = Thread.ofPlatform().daemon().name("jnet-netns-" + THREADS.incrementAndGet())
                    .unstarted(() -> {
                        // A new thread inherits the namespace of the thread that made it: start from home.
                        Libc.setns(homeFd, Libc.CLONE_NEWNET, "enter the host namespace");
                        task.run();
                    });
            thread.setUncaughtExceptionHandler((t, e) -> LOG.log(System.Logger.Level.DEBUG,
                    "discarded namespace worker " + t.getName() + ": " + e.getMessage()));
            return thread;
        };
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), factory);
    }

    /** Runs {@code task} inside {@code ns} and returns its result; its exceptions reach the caller as they were. */
    public <T> T call(NetNs ns, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pool.execute(() -> runIn(ns, task, result));
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

    private <T> void runIn(NetNs ns, Callable<T> task, CompletableFuture<T> result) {
        if (ns.isProcess()) {
            complete(task, result);
            return;
        }
        int fd;
        try {
            fd = Libc.open(ns.path().toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, "open " + ns + " at " + ns.path());
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
        try {
            Libc.setns(homeFd, Libc.CLONE_NEWNET, "return to the host namespace");
        } catch (KernelException e) {
            // This thread is stuck in the wrong namespace: let it die so the pool never reuses it.
            throw new IllegalStateException("namespace worker cannot leave " + ns, e);
        }
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

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Libc.close(homeFd);
    }
}
