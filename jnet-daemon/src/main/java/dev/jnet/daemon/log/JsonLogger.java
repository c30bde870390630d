package dev.jnet.daemon.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One logger of {@link JsonLogProvider}: an event is a line {@code {"time": ..., "level": "INFO", "logger":
 * "ChangeLog", "message": "...", "error": "..."}} ({@code error}, the stack trace, only with a throwable).
 * Its threshold comes from slf4j-simple's properties: {@code org.slf4j.simpleLogger.log.NAME} for the
 * longest matching prefix of its name, else {@code org.slf4j.simpleLogger.defaultLogLevel}.
 */
final class JsonLogger extends LegacyAbstractLogger {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PrintStream OUT = System.err;

    private final int threshold;
    private final String shortName;

    JsonLogger(String name) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.threshold = level(name).toInt();
    }

    /** The level configured for {@code name}: its own, its nearest package's, or the default (info). */
    static Level level(String name) {
        for (String prefix = name; !prefix.isEmpty(); prefix = prefix.contains(".") ? prefix.substring(0, prefix.lastIndexOf('.')) : "") {
            String value = System.getProperty(PREFIX + "log." + prefix);
            if (value != null) {
                return parse(value);
            }
        }
        return parse(System.getProperty(PREFIX + "defaultLogLevel", "info"));
    }

    private static Level parse(String value) {
        try {
            return Level.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("time", Instant.now().toString());
        event.put("level", level.toString());
        event.put("logger", shortName);
        event.put("message", MessageFormatter.basicArrayFormat(pattern, arguments));
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            event.put("error", trace.toString());
        }
        String line = JSON.writeValueAsString(event);
        synchronized (OUT) {
            OUT.println(line);
        }
    }
}
