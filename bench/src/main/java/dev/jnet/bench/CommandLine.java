package dev.jnet.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The benchmarks' command lines: {@code --name=value} arguments, each a benchmark's own or one of
 * {@link JnetdOptions}, and numbers in a range.
 */
final class CommandLine {
    private CommandLine() {}

    /** One argument split at its first '=' ({@code value} is empty without one). */
    record Argument(String name, String value) {
        static Argument of(String arg) {
            int eq = arg.indexOf('=');
            return eq < 0 ? new Argument(arg, "") : new Argument(arg.substring(0, eq), arg.substring(eq + 1));
        }
    }

    /**
     * The arguments, read: the benchmark's own values by name (the last one given wins) and jnetd's options.
     * The methods read a value or give the default; IllegalArgumentException when a value is wrong.
     */
    record Parsed(Map<String, String> own, JnetdOptions jnetd) {
        <T> T get(String option, T fallback, Function<String, T> parse) {
            String value = own.get(option);
            return value == null ? fallback : parse.apply(value);
        }

        int number(String option, int fallback, int min, int max) {
            return get(option, fallback, v -> CommandLine.number(option, v, min, max));
        }
    }

    /**
     * {@code args} split into the options named in {@code own} and jnetd's; empty when help was asked
     * for; IllegalArgumentException for an argument that is neither.
     */
    static Optional<Parsed> parse(String[] args, Set<String> own) {
        Map<String, String> values = new HashMap<>();
        JnetdOptions jnetd = JnetdOptions.DEFAULT;
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return Optional.empty();
            }
            Argument a = Argument.of(arg);
            Optional<JnetdOptions> forJnetd = jnetd.with(a.name(), a.value());
            if (forJnetd.isPresent()) {
                jnetd = forJnetd.get();
            } else if (own.contains(a.name())) {
                values.put(a.name(), a.value());
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return Optional.of(new Parsed(values, jnetd));
    }

    /** {@code value} as a number from {@code min} to {@code max}; IllegalArgumentException otherwise. */
    static int number(String option, String value, int min, int max) {
        if (!value.matches("\\d{1,6}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max
                    + ", not '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    /** A comma-separated list of {@link #number}s. */
    static List<Integer> numbers(String option, String value, int min, int max) {
        return Arrays.stream(value.split(",", -1)).map(v -> number(option, v, min, max)).toList();
    }
}
