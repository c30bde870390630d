package dev.jnet.bench;

import java.util.Locale;

/**
 * One of the targets a benchmark prints its verdict on: a measured value against a limit, e.g.
 * {@code target: jnetd RSS idle <= 64 MiB: 165.3 MiB MISSED}.
 *
 * @param what the measured quantity, e.g. {@code jnetd RSS idle}
 * @param value what was measured
 * @param bound how the value must relate to the limit
 * @param limit the limit, in the value's unit
 * @param limitName the limit as printed when it is itself a measurement (e.g. {@code dockerd's 93.1 MiB});
 *                  empty to print the number
 * @param unit printed after numbers ({@code MiB}, {@code s}, or empty for a ratio)
 * @param decimals digits printed after the point
 */
record Target(String what, double value, Bound bound, double limit, String limitName, String unit, int decimals) {
    /** How the measured value must relate to the limit. */
    enum Bound {
        AT_MOST("<="), BELOW("<");

        final String symbol;

        Bound(String symbol) {
            this.symbol = symbol;
        }
    }

    Target {
        if (what.isBlank() || decimals < 0 || decimals > 3) {
            throw new IllegalArgumentException("a target needs a name and 0 to 3 decimals");
        }
    }

    /** {@code value <= limit}, both in {@code unit}. */
    static Target atMost(String what, double value, double limit, String unit, int decimals) {
        return new Target(what, value, Bound.AT_MOST, limit, "", unit, decimals);
    }

    /** {@code value < limit}, both in {@code unit}. */
    static Target below(String what, double value, double limit, String unit, int decimals) {
        return new Target(what, value, Bound.BELOW, limit, "", unit, decimals);
    }

    /** {@code value <= limit}, where the limit is another measurement named {@code limitName}. */
    static Target atMostMeasured(String what, double value, String limitName, double limit, String unit,
                                 int decimals) {
        return new Target(what, value, Bound.AT_MOST, limit, limitName, unit, decimals);
    }

    /** False also when the value could not be measured (NaN). */
    boolean met() {
        return switch (bound) {
            case AT_MOST -> value <= limit;
            case BELOW -> value < limit;
        };
    }

    String line() {
        String limitText = limitName.isEmpty() ? number(limit) : limitName + " " + number(limit);
        return "target: %s %s %s: %s %s".formatted(what, bound.symbol, limitText, number(value), met() ? "MET" : "MISSED");
    }

    private String number(double v) {
        String n = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        return unit.isEmpty() ? n : n + " " + unit;
    }
}
