package dev.jnet.daemon;

/**
 * Configures slf4j-simple before the first logger exists: one line per event on stderr with a UTC
 * time stamp and level; Jetty's own chatter only at trace (at debug it is some 80 lines per request,
 * which buries jnetd's one line per request and slows every request), and its warnings about a client's
 * malformed request (two Host headers, a bad authority) not at all below trace: the client is answered
 * 400 and one hostile client would otherwise flood the log. A
 * {@code -Dorg.slf4j.simpleLogger...} set on the command line wins over everything here but the level.
 */
final class LogSetup {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LogSetup() {}

    /** {@code text} (false) or {@code json} (true), in any case; INVALID otherwise. */
    static boolean parseFormat(String value) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw dev.jnet.error.JnetException.invalid("log format '" + value + "' is not text or json");
        };
    }

    /**
     * The levels (as properties slf4j-simple reads, which {@link dev.jnet.daemon.log.JsonLogProvider} reads
     * too) and the provider: slf4j-simple's text, or JSON lines.
     */
    static void configure(LogLevel level, boolean json) {
        configure(level);
        if (json && System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", dev.jnet.daemon.log.JsonLogProvider.class.getName());
            // SLF4J would announce the provider in a text line of its own: every line must be JSON
            setDefault("slf4j.internal.verbosity", "WARN", "");
        }
    }

    static void configure(LogLevel level) {
        System.setProperty(PREFIX + "defaultLogLevel", level.toString());
        boolean verbose = level.compareTo(LogLevel.TRACE) >= 0;
        System.setProperty(PREFIX + "log.org.eclipse.jetty", verbose ? level.toString() : LogLevel.WARN.toString());
        for (String clientMistakes : new String[] {"org.eclipse.jetty.http.HttpParser", "org.eclipse.jetty.util.HostPort"}) {
            System.setProperty(PREFIX + "log." + clientMistakes, verbose ? level.toString() : LogLevel.ERROR.toString());
        }
        setDefault("logFile", "System.err");
        setDefault("showDateTime", "true");
        setDefault("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("showThreadName", "false");
        setDefault("showShortLogName", "true");
    }

    private static void setDefault(String key, String value) {
        setDefault(key, value, PREFIX);
    }

    private static void setDefault(String key, String value, String prefix) {
        if (System.getProperty(prefix + key) == null) {
            System.setProperty(prefix + key, value);
        }
    }
}
