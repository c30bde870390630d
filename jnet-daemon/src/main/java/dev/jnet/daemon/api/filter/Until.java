package dev.jnet.daemon.api.filter;

import dev.jnet.error.JnetException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code until} filter's value as dockerd reads it ({@code timestamp.Parse}): a Go duration before now
 * ({@code 24h}, {@code 1h30m}), a Unix time in seconds ({@code 1700000000.5}), an RFC 3339 time, or a
 * date or date-time without zone (jnetd's local time).
 */
public final class Until {
    private static final Pattern DURATION = Pattern.compile("[-+]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("\\d+(?:\\.\\d{1,9})?");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Until() {}

    /** The instant {@code value} names, durations counted back from {@code now}; INVALID if it is none. */
    public static Instant parse(String value, Instant now) {
        if (value.isBlank()) {
            throw JnetException.invalid("failed to parse value as time or duration: value is empty");
        }
        if (!value.equals("0") && DURATION.matcher(value).matches()) {
            return now.minus(duration(value));
        }
        if (UNIX.matcher(value).matches()) {
            BigDecimal seconds = new BigDecimal(value);
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            if (value.contains("Z") || value.contains("z") || value.indexOf('+') > 0 || value.chars().filter(c -> c == '-').count() == 3) {
                return OffsetDateTime.parse(value.toUpperCase(java.util.Locale.ROOT)).toInstant();
            }
            if (value.contains("T")) {
                // Docker also takes 2006-01-02T15 and 2006-01-02T15:04.
                String full = value.indexOf(':') < 0 ? value + ":00:00" : value.chars().filter(c -> c == ':').count() == 1
                        ? value + ":00" : value;
                return LocalDateTime.parse(full).atZone(ZoneId.systemDefault()).toInstant();
            }
            return LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw JnetException.invalid("failed to parse value '" + value + "' as time or duration: use a duration such as"
                    + " 24h, a Unix time in seconds, or an RFC 3339 time such as 2006-01-02T15:04:05Z");
        }
    }

    private static Duration duration(String value) {
        boolean negative = value.startsWith("-");
        long nanos = 0;
        Matcher m = PART.matcher(value);
        while (m.find()) {
            nanos += new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS.get(m.group(2)))).longValue();
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }
}
