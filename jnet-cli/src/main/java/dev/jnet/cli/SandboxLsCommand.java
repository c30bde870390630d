package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.jnet.cli.json.Json;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnet sandbox ls}: the sandboxes with their networks and addresses. */
@Command(name = "ls", aliases = "list", description = "List sandboxes, by name in docker's natural order, with their networks and addresses (in interface order) and published ports.")
final class SandboxLsCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = {"-q", "--quiet"}, description = "Print sandbox ids only.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Print full ids.")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Format.Converter.class, defaultValue = "table",
            completionCandidates = Candidates.ListFormats.class,
            description = {"table (default); json: one API sandbox object per line; or a Go template as docker's: "
                    + "'{{.Name}}', 'table {{.ID}}\\t{{.Addresses}}'. Fields: .ID .Name .Hostname .Networks "
                    + ".Addresses .Ports .CreatedAt .Runtime (jnet, or the container runtime whose namespace it is:"
                    + " docker, oci, cni; docs/runtimes.md)."})
    Format format;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", completionCandidates = Candidates.SandboxFilters.class,
            description = "Show only matching sandboxes (repeatable; values of one key are alternatives): name=NAME and "
                    + "id=ID (or a regular expression found in it, RE2 syntax, as docker's), network=NAME or network=ID.")
    List<String> filters = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Filters wanted = Filters.parse(filters, spec.commandLine());
        JnetClient client = Main.client(spec);
        List<Json> all = client.sandboxes(wanted.byKey());
        boolean needNames = !quiet && format != Format.JSON;
        Map<String, String> networkNames = needNames ? Listing.namesById(client.networks()) : Map.of();
        List<Json> sandboxes = all.stream()
                .sorted(Comparator.comparing((Json s) -> s.path("name").asString(), NaturalOrder.INSTANCE)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            sandboxes.forEach(s -> out.println(Listing.id(s, noTrunc)));
        } else if (format == Format.JSON) {
            out.print(JsonOutput.lines(sandboxes));
        } else if (format.kind() == Format.Kind.TEMPLATE) {
            out.print(format.lines(sandboxes.stream().map(n -> Listing.sandboxRow(n, networkNames, noTrunc)).toList(), Listing.SANDBOX_HEADER));
        } else {
            out.print(Listing.sandboxes(sandboxes, networkNames, noTrunc));
        }
        out.flush();
        return 0;
    }
}
