package dev.jnet.cli;

import dev.jnet.cli.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet network ls}: the networks, as a table, ids or JSON. */
@Command(name = "ls", aliases = "list", description = "List networks, by name in docker's natural order (net2 before net10).")
final class NetworkLsCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Option(names = {"-q", "--quiet"}, description = "Print network ids only.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Print full ids.")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Format.Converter.class, defaultValue = "table",
            completionCandidates = Candidates.ListFormats.class,
            description = {"table (default); json: one API network object per line; or a Go template as docker's: "
                    + "'{{.Name}}', 'table {{.ID}}\\t{{.Name}}' (a header and aligned columns). Fields: .ID .Name "
                    + ".Driver .Scope .IPv6 .Internal .Labels .CreatedAt; functions: json, join, upper, lower, title, "
                    + "index, len, printf, ... (docs/operations.md)."})
    Format format;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", completionCandidates = Candidates.NetworkFilters.class,
            description = {"Show only matching networks, as docker's filters (repeatable; values of one key are "
                    + "alternatives): name=NAME and id=ID (or a regular expression found in it, RE2 syntax), "
                    + "driver=DRIVER, scope=local, label=KEY or label=KEY=VALUE, type=custom|builtin, "
                    + "dangling=true|false (no sandbox connected, not predefined)."})
    List<String> filters = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Filters wanted = Filters.parse(filters, spec.commandLine());
        List<Json> networks = Main.client(spec).networks(wanted.byKey()).stream()
                .sorted(Comparator.comparing((Json n) -> n.path("name").asString(), NaturalOrder.INSTANCE)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            networks.forEach(n -> out.println(Listing.id(n, noTrunc)));
        } else if (format == Format.JSON) {
            out.print(JsonOutput.lines(networks));
        } else if (format.kind() == Format.Kind.TEMPLATE) {
            out.print(format.lines(networks.stream().map(n -> Listing.networkRow(n, noTrunc)).toList(), Listing.NETWORK_HEADER));
        } else {
            out.print(Listing.networks(networks, noTrunc));
        }
        out.flush();
        return 0;
    }
}
