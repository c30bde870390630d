package dev.jnet.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a benchmark starts jnetd: its log level, JAVA_TOOL_OPTIONS for jnetd alone, and a directory its
 * logs are copied to at the end (the benchmark's own directory goes away).
 */
record JnetdOptions(String logLevel, Optional<String> javaOptions, Optional<Path> logs) {
    static final JnetdOptions DEFAULT = new JnetdOptions("info", Optional.empty(), Optional.empty());
    /** The options' lines for a benchmark's usage text. */
    static final String USAGE = """
              --log-level         jnetd's log level (default info; debug logs one line per request)
              --jnetd-logs        copy jnetd's logs into DIR (outside /run/jnet-bench-PID) at the end
              --jnetd-java-options  JAVA_TOOL_OPTIONS for jnetd only, e.g. a flight recording (%p: a file
                                  per start, since a restart would overwrite it; it also adds to the RSS):
                                  -XX:StartFlightRecording=filename=/tmp/jnetd-%p.jfr,settings=profile
            """;
    private static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

    /**
     * These options with {@code name=value} applied, or empty when {@code name} is none of them;
     * IllegalArgumentException when the value is wrong.
     */
    Optional<JnetdOptions> with(String name, String value) {
        return switch (name) {
            case "--log-level" -> {
                if (!LEVELS.contains(value)) {
                    throw new IllegalArgumentException("--log-level is error, warn, info, debug or trace");
                }
                yield Optional.of(new JnetdOptions(value, javaOptions, logs));
            }
            case "--jnetd-java-options" -> Optional.of(new JnetdOptions(logLevel, Optional.of(value), logs));
            case "--jnetd-logs" -> {
                Path dir = Path.of(value).toAbsolutePath();
                if (value.isEmpty() || dir.startsWith("/run/jnet-bench-" + ProcessHandle.current().pid())) {
                    throw new IllegalArgumentException("--jnetd-logs takes a directory that outlives the run");
                }
                yield Optional.of(new JnetdOptions(logLevel, javaOptions, Optional.of(dir)));
            }
            default -> Optional.empty();
        };
    }
}
