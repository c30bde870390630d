package dev.jnet.daemon.http;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;

/** The one place where an error's kind becomes an HTTP status. */
final class ErrorMapper {
    static final int METHOD_NOT_ALLOWED = 405;
    static final int REQUEST_TIMEOUT = 408;
    static final int INTERNAL = 500;
    static final int NOT_IMPLEMENTED = 501;

    private ErrorMapper() {}

    static int status(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
            case INTERNAL -> INTERNAL;
        };
    }

    /** The status and body for a failure; anything but a {@link JnetException} is an internal error. */
    static Reply.Json reply(Throwable failure) {
        return reply(failure, Frame.NATIVE);
    }

    /** {@link #reply(Throwable)} with the error body of {@code frame}'s API. */
    static Reply.Json reply(Throwable failure, Frame frame) {
        if (failure instanceof JnetException e) {
            return new Reply.Json(status(e.kind()), frame.errorBody(e.getMessage()));
        }
        return new Reply.Json(INTERNAL, frame.errorBody("internal error in jnetd: " + failure
                + " (the daemon's log has the details)"));
    }

    static Reply.Json reply(int status, String message) {
        return new Reply.Json(status, new ErrorBody(message));
    }

    static Reply.Json reply(int status, String message, Frame frame) {
        return new Reply.Json(status, frame.errorBody(message));
    }
}
