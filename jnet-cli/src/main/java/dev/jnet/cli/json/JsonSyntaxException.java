package dev.jnet.cli.json;

/** A text that is not JSON; the message says what is wrong and at which character. */
public final class JsonSyntaxException extends IllegalArgumentException {
    JsonSyntaxException(String message) {
        super(message);
    }
}
