package dev.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.jnet.cli.json.Json;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code jnet network ls}: the networks, as a table, ids or JSON. */
@Command(name = "ls", aliases = "list", description = "List networks, by name in docker's natural order (net2 before net10).")
final class NetworkLsCommand implements Callable<Integer> {
    static final Set<String> FILTERS = Set.of("name", "id", "driver", "label", "scope");

    @Mixin
    HelpOption help;

    @Option(names = {"-q", "--quiet"}, description = "Print network ids only.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Print full ids.")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Format.Converter.class, defaultValue = "table",
            description = "table (default), or json: one API network object per line.")
    Format format;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = {"Show only matching networks (repeatable): name=PART (a part of the name), id=PREFIX, "
                    + "driver=DRIVER, scope=SCOPE, label=KEY or label=KEY=VALUE."})
    List<String> filters = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Filters wanted = Filters.parse(filters, FILTERS, spec.commandLine());
        List<Json> networks = Main.client(spec).networks().stream()
                .filter(n -> wanted.matches(n, NetworkLsCommand::matches))
                .sorted(Comparator.comparing((Json n) -> n.path("name").asString(), NaturalOrder.INSTANCE)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            networks.forEach(n -> out.println(Listing.id(n, noTrunc)));
        } else if (format == Format.JSON) {
            out.print(JsonOutput.lines(networks));
        } else {
            out.print(Listing.networks(networks, noTrunc));
        }
        out.flush();
        return 0;
    }

    static boolean matches(Json network, String key, String value) {
        return switch (key) {
            case "name" -> network.path("name").asString().contains(value);
            case "id" -> network.path("id").asString().startsWith(value);
            case "driver" -> network.path("driver").asString().equals(value);
            case "scope" -> network.path("scope").asString().equals(value);
            case "label" -> Filters.labelMatches(Listing.labels(network), value);
            default -> false;
        };
    }
}
