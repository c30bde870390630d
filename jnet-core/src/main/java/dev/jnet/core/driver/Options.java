package dev.jnet.core.driver;

import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;

import java.net.InetAddress;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/** Reads driver options (string maps) with Docker's spellings and clear errors. */
public final class Options {
    private final Map<String, String> values;

    public Options(Map<String, String> values) {
        this.values = values;
    }

    /** A boolean as Go's strconv.ParseBool reads it (1, t, true, TRUE, 0, f, false, ...). */
    public boolean bool(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw JnetException.invalid("option " + key + " must be true or false, not '" + v + "'");
        };
    }

    public OptionalInt integer(String key, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw JnetException.invalid("option " + key + " must be between " + min + " and " + max + ", not " + n);
            }
            return OptionalInt.of(n);
        } catch (NumberFormatException e) {
            throw JnetException.invalid("option " + key + " must be a number, not '" + v + "'");
        }
    }

    public String oneOf(String key, String fallback, Set<String> allowed) {
        String v = values.getOrDefault(key, fallback);
        if (!allowed.contains(v)) {
            throw JnetException.invalid("option " + key + " must be one of " + String.join(", ", new java.util.TreeSet<>(allowed))
                    + ", not '" + v + "'");
        }
        return v;
    }

    public InetAddress address(String key, String fallback) {
        String v = values.getOrDefault(key, fallback);
        try {
            return Cidr.parseAddress(v);
        } catch (JnetException e) {
            throw JnetException.invalid("option " + key + " must be an IP address, not '" + v + "'");
        }
    }

    public String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** Refuses keys under {@code prefix} that the driver does not know (a typo must not pass silently). */
    public void onlyKnown(String prefix, Set<String> known) {
        for (String key : values.keySet()) {
            if (key.startsWith(prefix) && !known.contains(key)) {
                throw JnetException.invalid("unknown option " + key + " (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }
}
