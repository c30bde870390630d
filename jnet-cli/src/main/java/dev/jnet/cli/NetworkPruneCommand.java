package dev.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code jnet network prune}: removes every user-defined network that no sandbox uses. */
@Command(name = "prune", description = {"Remove all user-defined networks that no sandbox is connected to.",
        "Asks first unless --force, reading the answer from standard input: a terminal or a pipe",
        "('echo y | jnet network prune'); anything but y or yes, or no input at all, is a no."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:pruned (or nothing to prune, or the answer was no)",
                "1:jnetd failed"})
final class NetworkPruneCommand implements Callable<Integer> {
    static final String WARNING = "WARNING! This will remove all user-defined networks not used by at least one sandbox.";

    @Mixin
    HelpOption help;

    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    boolean force;

    @Option(names = "--filter", paramLabel = "label=KEY[=VALUE]",
            description = "Prune only networks with this label, or this label and value (repeatable: all must match).")
    List<String> filters = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Terminal terminal = Terminal.SYSTEM;

    @Override
    public Integer call() {
        Map<String, String> labels = labels();
        PrintWriter out = spec.commandLine().getOut();
        if (!force) {
            // As docker: the answer is read from standard input, a terminal or a pipe ('echo y | jnet network
            // prune'); its end is a no.
            out.println(WARNING);
            if (!terminal.confirm(out, "Are you sure you want to continue?")) {
                return 0;
            }
        }
        List<String> removed = Main.client(spec).pruneNetworks(labels);
        if (!removed.isEmpty()) {
            out.println("Deleted Networks:");
            removed.forEach(out::println);
        }
        out.flush();
        return 0;
    }

    /** The {@code label} filters as the API's labels: a bare key matches any value (""). */
    private Map<String, String> labels() {
        Filters parsed = Filters.parse(filters, Set.of("label"), spec.commandLine());
        Map<String, String> labels = new LinkedHashMap<>();
        for (String label : parsed.byKey().getOrDefault("label", List.of())) {
            if (label.isEmpty() || label.startsWith("=")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--filter label= needs a KEY or KEY=VALUE");
            }
            KeyValue pair = KeyValue.parseLabel(label);
            if (labels.containsKey(pair.key()) && !labels.get(pair.key()).equals(pair.value())) {
                throw new CommandLine.ParameterException(spec.commandLine(), "label " + pair.key()
                        + " is filtered twice with different values; a network has only one");
            }
            labels.put(pair.key(), pair.value());
        }
        return labels;
    }
}
