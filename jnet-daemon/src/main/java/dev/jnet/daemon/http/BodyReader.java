package dev.jnet.daemon.http;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads request bodies on one socket within bounds: at most 1 MiB each, at most 4 MiB being read or held
 * by requests in flight together (a request waits for room, up to the body timeout, then gets 503), and
 * each body must arrive within the body timeout once its headers are in (408). So the memory that bodies
 * take stays small whatever clients send, and a client trickling a body cannot hold its room for ever.
 */
final class BodyReader {
    static final int MAX_BODY_BYTES = 1 << 20;
    static final int BUDGET_BYTES = 4 << 20;

    private final Semaphore budget = new Semaphore(BUDGET_BYTES, true);
    private final Duration timeout;

    BodyReader(Duration timeout) {
        this.timeout = timeout;
    }

    /** A body read; closing it gives its room back. */
    final class Body implements AutoCloseable {
        private final byte[] bytes;
        private int reserved;

        private Body(byte[] bytes, int reserved) {
            this.bytes = bytes;
            this.reserved = reserved;
        }

        byte[] bytes() {
            return bytes;
        }

        @Override
        public void close() {
            budget.release(reserved);
            reserved = 0;
        }
    }

    /** The body took longer than the body timeout, or stopped for the idle timeout: answered 408. */
    static final class LateBody extends RuntimeException {
        LateBody(String message) {
            super(message, null, false, false);
        }
    }

    /** Bytes being read or held now (for tests and the log). */
    int inUse() {
        return BUDGET_BYTES - budget.availablePermits();
    }

    Body read(Request request) {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge(declared + " bytes");
        }
        if (declared == 0) {
            return new Body(new byte[0], 0);
        }
        int reserved = declared > 0 ? (int) declared : MAX_BODY_BYTES; // chunked: room for the largest
        reserve(reserved);
        try {
            byte[] bytes = readAll(request, declared);
            budget.release(reserved - bytes.length);
            return new Body(bytes, bytes.length);
        } catch (RuntimeException e) {
            budget.release(reserved);
            throw e;
        }
    }

    /** Reads chunk by chunk, waiting for each with what is left of the body timeout. */
    private byte[] readAll(Request request, long declared) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                awaitContent(request, deadline);
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    throw unreadable(chunk.getFailure());
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                if (out.size() + bytes.remaining() > MAX_BODY_BYTES) {
                    throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
                }
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                out.write(copy, 0, copy.length);
                if (chunk.isLast()) {
                    return out.toByteArray();
                }
            } finally {
                chunk.release();
            }
        }
    }

    private void awaitContent(Request request, long deadline) {
        CompletableFuture<Void> available = new CompletableFuture<>();
        request.demand(() -> available.complete(null));
        try {
            available.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new LateBody("the request body did not arrive within " + timeout.toSeconds() + " s of its headers");
        } catch (ExecutionException e) {
            throw unreadable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JnetException.unavailable("jnetd is stopping");
        }
    }

    private void reserve(int bytes) {
        try {
            if (!budget.tryAcquire(bytes, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw JnetException.unavailable("jnetd is already reading " + (BUDGET_BYTES >> 20) + " MiB of request "
                        + "bodies on this socket; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JnetException.unavailable("jnetd is stopping");
        }
    }

    private static RuntimeException unreadable(Throwable cause) {
        if (cause instanceof TimeoutException idle) {
            return new LateBody("the request body stopped arriving: " + idle.getMessage());
        }
        return new JnetException(ErrorKind.INVALID, "cannot read the request body: " + cause.getMessage(), cause);
    }

    private static JnetException tooLarge(String size) {
        return JnetException.invalid("the request body is " + size + "; jnetd accepts at most 1 MiB ("
                + MAX_BODY_BYTES + " bytes)");
    }
}
