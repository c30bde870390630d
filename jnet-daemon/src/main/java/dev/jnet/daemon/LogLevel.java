package dev.jnet.daemon;

import dev.jnet.error.JnetException;

import java.util.Arrays;
import java.util.Locale;

/** How much jnetd logs. */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE;

    /** Parses a level name in any case ({@code info}, {@code DEBUG}); INVALID names the choices. */
    public static LogLevel parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw JnetException.invalid("log level '" + text + "' is not one of "
                    + String.join(", ", Arrays.stream(values()).map(LogLevel::toString).toList()));
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
