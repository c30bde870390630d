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

/**
 * Waits for etcd's answers within a deadline (jetcd alone waits forever for an etcd it cannot reach) and
 * turns failures into jnet errors that say what was asked and of which store.
 */
final class Calls {
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

    /** The future's value, or {@link NoAnswer} when the deadline passes first. */
    <T> T awaitOrNoAnswer(CompletableFuture<T> future, Deadline deadline, String what) throws NoAnswer {
        try {
            return future.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new NoAnswer(what);
        } catch (ExecutionException e) {
            throw failed(what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JnetException.internal("interrupted while waiting for the cluster store: " + what, e);
        }
    }

    /** The future's value; "cluster store unreachable" when the deadline passes first. */
    <T> T await(CompletableFuture<T> future, Deadline deadline, String what) {
        try {
            return awaitOrNoAnswer(future, deadline, what);
        } catch (NoAnswer e) {
            throw unreachable(what, "");
        }
    }

    JnetException unreachable(String what, String outcome) {
        return JnetException.unavailable("cluster store unreachable: " + what + ": no answer from etcd at " + endpoints
                + " in time" + outcome + "; check that etcd runs and this host reaches it");
    }

    JnetException failed(String what, Throwable cause) {
        Throwable c = cause;
        while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        // jetcd hands over gRPC's own exception for some calls and its EtcdException for others
        String code = c instanceof EtcdException etcd ? etcd.getErrorCode().name()
                : c instanceof StatusRuntimeException grpc ? grpc.getStatus().getCode().name() : "";
        return switch (code) {
            case "PERMISSION_DENIED", "UNAUTHENTICATED" -> new JnetException(ErrorKind.FORBIDDEN,
                    "the cluster store at " + endpoints + " refused " + what + ": " + c.getMessage()
                            + " (check the etcd user, password or client certificate, and the user's role)", c);
            case "UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED", "CANCELLED" -> new JnetException(ErrorKind.UNAVAILABLE,
                    "cluster store unreachable: " + what + ": " + c.getMessage(), c);
            default -> JnetException.internal("cluster store " + endpoints + ": " + what + " failed: " + c, c);
        };
    }
}
