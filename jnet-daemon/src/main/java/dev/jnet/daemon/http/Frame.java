package dev.jnet.daemon.http;

import dev.jnet.error.JnetException;

import java.util.Map;
import java.util.Optional;

/**
 * What differs between the APIs jnetd serves with the same HTTP machinery: how a request's path
 * becomes the path that is routed (an API may take a version prefix), the headers every answer carries,
 * and the answer to a path no route takes.
 */
public interface Frame {
    /** jnetd's native API: paths routed as they are, no extra headers, 404 for an unknown path. */
    Frame NATIVE = new Frame() {
        @Override
        public Framed frame(String path) {
            return new Framed(path, Optional.empty());
        }

        @Override
        public Reply unknownPath(String method, String path) {
            return ErrorMapper.reply(JnetException.notFound("no API path " + path
                    + " (paths start with /v1; see docs/api.md)"));
        }
    };

    /** A request's path as routed, and the API version it asked for, if the API has versions in paths. */
    record Framed(String path, Optional<String> version) {}

    /** The path to route for {@code path}; a {@link JnetException} (a bad version, say) becomes the answer. */
    Framed frame(String path);

    /** The answer for a path no route takes. */
    Reply unknownPath(String method, String path);

    /** The body of an error answer: {@code {"message": ...}} unless the API has its own shape. */
    default Object errorBody(String message) {
        return new ErrorBody(message);
    }

    /** Headers on every answer of this API, errors included. */
    default Map<String, String> headers() {
        return Map.of();
    }
}
