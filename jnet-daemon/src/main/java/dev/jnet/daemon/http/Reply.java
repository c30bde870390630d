package dev.jnet.daemon.http;

/** What a route answers: a JSON body, a plain text body, or nothing (204). */
public sealed interface Reply {
    int status();

    /** A JSON body: a record (or list of records) written as the API documents it. */
    record Json(int status, Object body) implements Reply {}

    /** A {@code text/plain} body. */
    record Text(int status, String body) implements Reply {}

    /** No body at all. */
    record NoContent() implements Reply {
        @Override
        public int status() {
            return 204;
        }
    }

    static Reply ok(Object body) {
        return new Json(200, body);
    }

    static Reply created(Object body) {
        return new Json(201, body);
    }

    static Reply noContent() {
        return new NoContent();
    }
}
