package dev.jnet.cli.client;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.cli.json.Json;
import dev.jnet.cli.json.JsonReader;
import dev.jnet.cli.json.JsonSyntaxException;

/** Turns an error answer ({@code {"message": ...}} with a 4xx or 5xx status) into a {@link JnetException}. */
final class ApiError {
    private ApiError() {}

    static JnetException of(Response response) {
        return new JnetException(kind(response.status()), message(response));
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

    private static String message(Response response) {
        try {
            Json message = JsonReader.read(response.body()).path("message");
            if (message.isString() && !message.asString().isBlank()) {
                return message.asString();
            }
        } catch (JsonSyntaxException notJson) {
            // fall through: describe the answer instead
        }
        String text = response.bodyText().strip();
        return "jnetd answered " + response.status() + (response.reason().isEmpty() ? "" : " " + response.reason())
                + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text));
    }
}
