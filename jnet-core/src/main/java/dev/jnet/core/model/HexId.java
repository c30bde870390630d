package dev.jnet.core.model;

import dev.jnet.error.JnetException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** The 64-hex-digit identifiers Docker gives networks, endpoints and containers. */
final class HexId {
    static final int LENGTH = 64;
    static final int SHORT = 12;
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private HexId() {}

    static String check(String value, String what) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw JnetException.invalid(what + " id '" + value + "' is not 64 lowercase hex digits");
        }
        return value;
    }

    static String random() {
        byte[] bytes = new byte[LENGTH / 2];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
