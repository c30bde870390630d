package dev.jnet.cli;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import dev.jnet.cli.json.Json;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The {@code --format} of inspect commands, and how they print: found objects first, then what was missing. */
final class InspectFormat {
    @Option(names = "--format", paramLabel = "FORMAT", converter = JsonOnly.class,
            description = "json: one compact API object per line instead of an indented array.")
    String format;

    /** Looks up each reference, prints those found, reports the others; 1 if any failed. */
    int print(CommandLine cli, List<String> refs, Function<String, Json> lookup) {
        List<Json> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String ref : refs) {
            try {
                found.add(lookup.apply(ref));
            } catch (JnetException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
                errors.add(e.getMessage());
            }
        }
        PrintWriter out = cli.getOut();
        out.print(format == null ? JsonOutput.prettyArray(found) : JsonOutput.lines(found));
        out.flush();
        errors.forEach(message -> cli.getErr().println("jnet: " + message));
        cli.getErr().flush();
        return errors.isEmpty() ? 0 : ErrorHandler.FAILED;
    }

    /** Inspect prints JSON only: {@code --format} accepts {@code json} and nothing else. */
    static final class JsonOnly implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equalsIgnoreCase("json")) {
                throw new CommandLine.TypeConversionException("must be json, not '" + value + "'");
            }
            return "json";
        }
    }
}
