package dev.jnet.net;

import dev.jnet.error.JnetException;

import java.nio.charset.StandardCharsets;

/**
 * A Linux network interface name that the kernel will accept: 1 to 15 bytes, not {@code .}, {@code ..},
 * {@code all} or {@code default}, without {@code /}, {@code :}, {@code %} or whitespace. Only valid names
 * can exist. ({@code %} is refused because the kernel reads {@code eth%d} as a template and picks a name
 * itself; {@code all} and {@code default} because they name the sysctl directories of every interface.)
 *
 * @param value the name
 */
public record IfName(String value) implements Comparable<IfName> {
    /** The kernel's IFNAMSIZ less the terminating NUL. */
    public static final int MAX_BYTES = 15;

    public IfName {
        if (value == null || value.isEmpty()) {
            throw JnetException.invalid("interface name must not be empty");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw JnetException.invalid("interface name '" + value + "' is " + bytes
                    + " bytes long; Linux allows at most " + MAX_BYTES);
        }
        if (value.equals(".") || value.equals("..")) {
            throw JnetException.invalid("interface name '" + value + "' is reserved");
        }
        if (value.equals("all") || value.equals("default")) {
            throw JnetException.invalid("interface name '" + value + "' is reserved: the kernel keeps the settings"
                    + " of every interface under net.ipv4.conf." + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == ':' || c == '%' || c == '\0' || Character.isWhitespace(c)) {
                throw JnetException.invalid("interface name '" + value
                        + "' contains '" + describe(c) + "'; names may not contain '/', ':', '%' or whitespace");
            }
        }
    }

    public static IfName of(String value) {
        return new IfName(value);
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\n' -> "a newline";
            case '\0' -> "a NUL";
            default -> Character.isWhitespace(c) ? "whitespace" : String.valueOf(c);
        };
    }

    @Override
    public int compareTo(IfName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
