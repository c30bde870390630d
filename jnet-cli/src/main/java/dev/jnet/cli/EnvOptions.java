package dev.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jnet run}'s environment options, as docker's: {@code -e KEY=VALUE}, {@code -e KEY} (the value jnet
 * has, or nothing if it has none), and {@code --env-file FILE} ({@code KEY=VALUE} or {@code KEY} lines,
 * blank lines and {@code #} comments skipped). Files are read first, in order, then each {@code -e}; a later
 * key wins.
 */
final class EnvOptions {
    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
            description = "Set an environment variable in the command (repeatable); KEY alone passes jnet's own value.")
    List<String> variables = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Read variables from a file: KEY=VALUE or KEY lines; blank lines and # comments are skipped.")
    List<Path> files = new ArrayList<>();

    /** The variables to add to the command's environment; a usage error for a bad line or an unreadable file. */
    Map<String, String> resolve(CommandLine cli, Map<String, String> own) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandLine.ParameterException(cli, "--env-file " + file + ": cannot read it (" + e.getMessage() + ")");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).stripLeading();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    add(cli, env, own, line, "--env-file " + file + " line " + (i + 1));
                }
            }
        }
        variables.forEach(v -> add(cli, env, own, v, "-e"));
        return env;
    }

    private static void add(CommandLine cli, Map<String, String> env, Map<String, String> own, String entry, String where) {
        int equals = entry.indexOf('=');
        String key = equals < 0 ? entry : entry.substring(0, equals);
        if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
            throw new CommandLine.ParameterException(cli, where + ": '" + entry + "' is not KEY=VALUE or KEY");
        }
        if (equals >= 0) {
            env.put(key, entry.substring(equals + 1));
        } else if (own.containsKey(key)) {
            env.put(key, own.get(key));
        }
    }
}
