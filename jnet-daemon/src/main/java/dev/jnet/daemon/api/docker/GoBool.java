package dev.jnet.daemon.api.docker;

import java.util.Optional;

/** Booleans as Go's {@code strconv.ParseBool} reads them, which is how dockerd reads query and option values. */
final class GoBool {
    private GoBool() {}

    static Optional<Boolean> parse(String text) {
        return switch (text) {
            case "1", "t", "T", "true", "TRUE", "True" -> Optional.of(true);
            case "0", "f", "F", "false", "FALSE", "False" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
