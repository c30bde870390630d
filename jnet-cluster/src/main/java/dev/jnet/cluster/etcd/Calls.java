package dev.jnet.cluster.etcd;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits for etcd's answers within a deadline (jetcd alone waits forever for an etcd it cannot reach) and
 * turns failures into jnet errors that say what was asked and of which store.
 */
final class Calls {
    /** How long a lost read waits before it is asked again. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private final String endpoints;

    Calls(String endpoints) {
        this.endpoints = endpoints;
    }

    /** A point in time an operation must be done by. */
    record Deadline(long nanos) {
        static Deadline after(Duration d) {
            return new Deadline(System.nanoTime() + d.toNanos());
        }

        long remainingNanos() {
            return Math.max(0, nanos - System.nanoTime());
        }

        /** A share of what is left, for a first attempt that must leave time for a read-back. */
        Deadline share(double fraction) {
            return new Deadline(System.nanoTime() + (long) (remainingNanos() * fraction));
        }
    }

    /** Why a call got no answer: it may or may not have been applied. */
    static final class NoAnswer extends Exception {
        NoAnswer(String what) {
            super(what, null, false, false);
        }
    }

    /**
     * The future's value, or {@link NoAnswer} when the deadline passes first or the call was lost on the way
     * (the member it went to died, say, or had no leader): then it may or may not have been applied.
     */
    <T> T awaitOrNoAnswer(CompletableFuture<T> future, Deadline deadline, String what) throws NoAnswer {
        try {
            return future.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new NoAnswer(what);
        } catch (ExecutionException e) {
            Throwable cause = unwrapped(e.getCause());
            if (isLost(cause)) {
                throw new NoAnswer(what + " (" + cause.getMessage() + ")");
            }
            throw failed(what, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JnetException.internal("interrupted while waiting for the cluster store: " + what, e);
        }
    }

    /** The future's value; "cluster store unreachable" when the deadline passes first or the call was lost. */
    <T> T await(CompletableFuture<T> future, Deadline deadline, String what) {
        try {
            return awaitOrNoAnswer(future, deadline, what);
        } catch (NoAnswer e) {
            throw unreachable(e.getMessage(), "");
        }
    }

    /**
     * A read, asked again (a fresh call each time, {@code read}) while calls are lost and the deadline allows:
     * reads change nothing, and another member, or the same once it has a leader again, answers.
     */
    <T> T readOrNoAnswer(Supplier<CompletableFuture<T>> read, Deadline deadline, String what) throws NoAnswer {
        while (true) {
            try {
                return awaitOrNoAnswer(read.get(), deadline, what);
            } catch (NoAnswer e) {
                if (!pauseWithin(deadline)) {
                    throw e;
                }
            }
        }
    }

    /** {@link #readOrNoAnswer}; "cluster store unreachable" when no answer came in time. */
    <T> T read(Supplier<CompletableFuture<T>> read, Deadline deadline, String what) {
        try {
            return readOrNoAnswer(read, deadline, what);
        } catch (NoAnswer e) {
            throw unreachable(e.getMessage(), "");
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JnetException.internal("interrupted while waiting for the cluster store", e);
        }
    }

    /** Pauses before another attempt if the deadline leaves time for one after the pause; whether it did. */
    static boolean pauseWithin(Deadline deadline) {
        if (deadline.remainingNanos() < 2 * RETRY_PAUSE.toNanos()) {
            return false;
        }
        pause();
        return true;
    }

    private static Throwable unwrapped(Throwable cause) {
        Throwable c = cause;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** gRPC's status code of a failed call, as jetcd reports it (its own exception or gRPC's). */
    private static String code(Throwable c) {
        return c instanceof EtcdException etcd ? etcd.getErrorCode().name()
                : c instanceof StatusRuntimeException grpc ? grpc.getStatus().getCode().name() : "";
    }

    /**
     * Whether the call was lost before an answer, so that whether it was applied is unknown: etcd away or
     * without a leader, or the connection closed under it (gRPC reports that as UNKNOWN "channel closed").
     */
    static boolean isLost(Throwable c) {
        return switch (code(c)) {
            case "UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED", "CANCELLED" -> true;
            case "UNKNOWN" -> String.valueOf(c.getMessage()).contains("channel closed")
                    || c.getCause() instanceof java.io.IOException;
            default -> false;
        };
    }

    JnetException unreachable(String what, String outcome) {
        return JnetException.unavailable("cluster store unreachable: " + what + ": no answer from etcd at " + endpoints
                + " in time" + outcome + "; check that etcd runs and this host reaches it");
    }

    JnetException failed(String what, Throwable cause) {
        Throwable c = unwrapped(cause);
        return switch (code(c)) { // lost calls are NoAnswer: see awaitOrNoAnswer
            case "PERMISSION_DENIED", "UNAUTHENTICATED" -> new JnetException(ErrorKind.FORBIDDEN,
                    "the cluster store at " + endpoints + " refused " + what + ": " + c.getMessage()
                            + " (check the etcd user, password or client certificate, and the user's role)", c);
            default -> JnetException.internal("cluster store " + endpoints + ": " + what + " failed: " + c, c);
        };
    }
}
