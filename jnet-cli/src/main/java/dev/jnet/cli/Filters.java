package dev.jnet.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * docker's {@code --filter KEY=VALUE} for list commands: values given for the same key are alternatives,
 * different keys must all match.
 *
 * @param byKey the values asked for each key
 */
record Filters(Map<String, List<String>> byKey) {
    static final Filters NONE = new Filters(Map.of());

    /** Parses the options, leaving the keys to jnetd (which answers an unknown one as dockerd does). */
    static Filters parse(List<String> options, CommandLine cli) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String option : options) {
            int equals = option.indexOf('=');
            if (equals <= 0) {
                throw new CommandLine.ParameterException(cli, "invalid filter '" + option + "': expected KEY=VALUE");
            }
            byKey.computeIfAbsent(option.substring(0, equals), k -> new ArrayList<>()).add(option.substring(equals + 1));
        }
        return new Filters(byKey);
    }

    /** Parses the options; a key outside {@code allowed} is a usage error that lists the allowed ones. */
    static Filters parse(List<String> options, Set<String> allowed, CommandLine cli) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String option : options) {
            int equals = option.indexOf('=');
            String key = equals < 0 ? option : option.substring(0, equals);
            if (equals <= 0 || !allowed.contains(key)) {
                throw new CommandLine.ParameterException(cli, "invalid filter '" + option + "': expected KEY=VALUE with KEY one of "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(option.substring(equals + 1));
        }
        return new Filters(byKey);
    }

    /** Whether {@code item} matches, asking {@code test(key, value)} for each value asked. */
    <T> boolean matches(T item, FilterTest<T> test) {
        for (Map.Entry<String, List<String>> filter : byKey.entrySet()) {
            if (filter.getValue().stream().noneMatch(value -> test.test(item, filter.getKey(), value))) {
                return false;
            }
        }
        return true;
    }

    /** Whether an item matches one {@code key=value} filter. */
    @FunctionalInterface
    interface FilterTest<T> {
        boolean test(T item, String key, String value);
    }

    /** docker's {@code label=KEY} (has the label) or {@code label=KEY=VALUE} (has it with that value). */
    static boolean labelMatches(Map<String, String> labels, String filter) {
        int equals = filter.indexOf('=');
        return equals < 0 ? labels.containsKey(filter)
                : filter.substring(equals + 1).equals(labels.get(filter.substring(0, equals)));
    }
}
