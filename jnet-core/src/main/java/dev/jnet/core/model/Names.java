package dev.jnet.core.model;

import dev.jnet.error.JnetException;

import java.util.regex.Pattern;

/** Rules for user-chosen names of networks and sandboxes, as Docker's. */
public final class Names {
    /** Longest name accepted; Docker's own limit for container names is far above any real use. */
    public static final int MAX_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private Names() {}

    /** Returns the name if valid; otherwise an INVALID error naming {@code what} and the rule. */
    public static String check(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw JnetException.invalid(what + " name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw JnetException.invalid(what + " name is " + name.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        if (!NAME.matcher(name).matches()) {
            throw JnetException.invalid(what + " name '" + name + "' is invalid: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name;
    }
}
