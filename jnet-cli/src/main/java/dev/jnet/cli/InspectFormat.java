package dev.jnet.cli;

import dev.jnet.cli.json.Json;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code --format} of inspect commands, and how they print: found objects first, then what was missing.
 * Without it, jnet's API objects as an indented JSON array (as docker's inspect); {@code json}, one compact
 * object per line; {@code docker}, the objects Docker's API answers (networks); or a Go template, run on
 * each object as {@code docker inspect -f} runs it (on Docker's object where there is one, so that scripts
 * written for docker work: {@code '{{.Name}} {{range .IPAM.Config}}{{.Subnet}}{{end}}'}).
 */
final class InspectFormat {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", converter = Format.Converter.class,
            completionCandidates = Candidates.InspectFormats.class,
            description = {"json: one compact API object per line instead of an indented array; docker: the objects "
                    + "Docker's API answers (networks); or a Go template as docker inspect -f takes it, run on each "
                    + "object (Docker's, for networks: '{{.Name}}', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', "
                    + "'{{json .Containers}}')."})
    Format format;

    /**
     * Looks up each reference, prints those found, reports the others; 1 if any failed.
     *
     * @param own jnet's API object for a reference
     * @param docker Docker's object for a reference, for {@code docker} and templates (or {@code own} where there is none)
     */
    int print(CommandLine cli, List<String> refs, Function<String, Json> own, Function<String, Json> docker) {
        boolean dockerShape = format != null && (format.kind() == Format.Kind.TEMPLATE || format.isDocker());
        if (format != null && format.kind() == Format.Kind.TEMPLATE && format.tabular()) {
            throw new CommandLine.ParameterException(cli, "inspect takes json, docker or a template, not a table");
        }
        List<Json> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String ref : refs) {
            try {
                found.add((dockerShape ? docker : own).apply(ref));
            } catch (JnetException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
                errors.add(e.getMessage());
            }
        }
        PrintWriter out = cli.getOut();
        if (format == null || format.kind() == Format.Kind.TABLE || format.isDocker()) {
            out.print(JsonOutput.prettyArray(found));
        } else if (format.kind() == Format.Kind.JSON) {
            out.print(JsonOutput.lines(found));
        } else {
            out.print(format.lines(found, Json.MISSING));
        }
        out.flush();
        errors.forEach(message -> cli.getErr().println("jnet: " + message));
        cli.getErr().flush();
        return errors.isEmpty() ? 0 : ErrorHandler.FAILED;
    }
}
