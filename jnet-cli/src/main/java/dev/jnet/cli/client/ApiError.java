package dev.jnet.cli.client;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns an error answer ({@code {"message": ...}} with a 4xx or 5xx status) into a {@link JnetException}. */
final class ApiError {
    private ApiError() {}

    static JnetException of(Response response, JsonMapper json) {
        return new JnetException(kind(response.status()), message(response, json));
    }

    /** The kind docs/api.md gives each status. */
    static ErrorKind kind(int status) {
        return switch (status) {
            case 400, 405, 411, 413, 415 -> ErrorKind.INVALID;
            case 401, 403 -> ErrorKind.FORBIDDEN;
            case 404 -> ErrorKind.NOT_FOUND;
            case 409 -> ErrorKind.CONFLICT;
            case 503 -> ErrorKind.UNAVAILABLE;
            default -> ErrorKind.INTERNAL;
        };
    }

    private static String message(Response response, JsonMapper json) {
        try {
            JsonNode message = json.readTree(response.body()).path("message");
            if (message.isString() && !message.asString().isBlank()) {
                return message.asString();
            }
        } catch (JacksonException notJson) {
            // fall through: describe the answer instead
        }
        String text = response.bodyText().strip();
        return "jnetd answered " + response.status() + (response.reason().isEmpty() ? "" : " " + response.reason())
                + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }
}
