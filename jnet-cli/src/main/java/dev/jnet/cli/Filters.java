package dev.jnet.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker's {@code --filter KEY=VALUE} options, read into the values asked for each key, which jnetd
 * matches (values of one key are alternatives, different keys must all match).
 *
 * @param byKey the values asked for each key
 */
record Filters(Map<String, List<String>> byKey) {
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
}
