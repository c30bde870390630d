package dev.jnet.daemon.api.docker;

import dev.jnet.error.JnetException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Docker Engine API version, {@code MAJOR.MINOR}, ordered as numbers (1.9 is before 1.24).
 *
 * @param text the version as the client wrote it
 */
record ApiVersion(int major, int minor, String text) implements Comparable<ApiVersion> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");
    /** The newest version jnet serves: the one the Docker 28.2 client speaks. */
    static final ApiVersion CURRENT = parse("1.50");
    /** The oldest version jnet accepts, as dockerd's {@code MinAPIVersion}. */
    static final ApiVersion MINIMUM = parse("1.24");

    static ApiVersion parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw JnetException.invalid("invalid API version '" + text + "' in the path: expected /vMAJOR.MINOR such as /v1.50");
        }
        return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), text);
    }

    /** The version a request's path asked for, checked against the range jnet serves (moby's wording). */
    static ApiVersion requested(String text) {
        ApiVersion version = parse(text);
        if (version.compareTo(MINIMUM) < 0) {
            throw JnetException.invalid("client version " + text + " is too old. Minimum supported API version is "
                    + MINIMUM.text + ", please upgrade your client to a newer version");
        }
        if (version.compareTo(CURRENT) > 0) {
            throw JnetException.invalid("client version " + text + " is too new. Maximum supported API version is "
                    + CURRENT.text);
        }
        return version;
    }

    /** The version a call asked for; a path without a version asks for the current one. */
    static ApiVersion of(dev.jnet.daemon.http.Call call) {
        return call.version().map(ApiVersion::parse).orElse(CURRENT);
    }

    boolean before(ApiVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(ApiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return text;
    }
}
