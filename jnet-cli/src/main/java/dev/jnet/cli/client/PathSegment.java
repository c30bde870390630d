package dev.jnet.cli.client;

import java.nio.charset.StandardCharsets;

/** Percent-encodes a name or id for use as one segment of a request path. */
final class PathSegment {
    private PathSegment() {}

    /** Keeps RFC 3986's unreserved characters; everything else (a '/', a space, '%') is encoded. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        // "." and ".." are path steps, not names: encode them so that they stay names.
        return value.equals(".") ? "%2E" : value.equals("..") ? "%2E%2E" : out.toString();
    }
}
