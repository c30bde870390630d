package dev.jnet.core.model;

/**
 * Where a network's data lives and how far it reaches: on this host only ({@code local}, Docker's default),
 * or across every host of a cluster ({@code global}, the overlay driver's). Docker prints it lower-case.
 */
public enum Scope {
    LOCAL, GLOBAL;

    /** Docker's spelling: {@code local}, {@code global}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads Docker's spelling. */
    public static Scope parse(String value) {
        return switch (value) {
            case "local" -> LOCAL;
            case "global" -> GLOBAL;
            default -> throw dev.jnet.error.JnetException.invalid("scope must be local or global, not '" + value + "'");
        };
    }
}
