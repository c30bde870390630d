package dev.jnet.daemon.http;

import java.util.Map;

/** What a route answers: a JSON body, a plain text body, or no body. */
public sealed interface Reply {
    int status();

    /** A JSON body: a record (or list of records) written as the API documents it. */
    record Json(int status, Object body) implements Reply {}

    /** A {@code text/plain} body, with headers of its own. */
    record Text(int status, String body, Map<String, String> headers) implements Reply {
        public Text {
            headers = Map.copyOf(headers);
        }

        public Text(int status, String body) {
            this(status, body, Map.of());
        }
    }

    /**
     * A body written over time, one JSON value per line, for as long as {@code producer} runs (an event
     * stream): no {@code Content-Length}, chunked; the connection's idle timeout does not apply while it runs.
     */
    record Stream(int status, Producer producer) implements Reply {}

    /** Writes a stream's values; {@code open} says whether the client is still connected. */
    @FunctionalInterface
    interface Producer {
        void produce(Lines lines, java.util.function.BooleanSupplier open) throws java.io.IOException;
    }

    /** A stream's output: each value written is one line of JSON, sent at once. */
    interface Lines {
        void write(Object value) throws java.io.IOException;

        /** An empty line (JSON readers skip white space), to notice a client that went away. */
        void keepAlive() throws java.io.IOException;
    }

    /** No body at all ({@code Content-Length: 0} unless the status is 204). */
    record Empty(int status) implements Reply {}

    static Reply ok(Object body) {
        return new Json(200, body);
    }

    static Reply created(Object body) {
        return new Json(201, body);
    }

    static Reply noContent() {
        return new Empty(204);
    }

    /** 200 with no body, as Docker answers connect and disconnect. */
    static Reply okEmpty() {
        return new Empty(200);
    }

    /** 501 {@code {"message"}}: the API has this path, but jnet does not implement it. */
    static Reply notImplemented(String message) {
        return ErrorMapper.reply(ErrorMapper.NOT_IMPLEMENTED, message);
    }
}
