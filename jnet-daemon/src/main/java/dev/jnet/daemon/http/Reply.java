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
