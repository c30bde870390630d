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

    @Option(names = "--filter", paramLabel = "KEY=VALUE", completionCandidates = Candidates.PruneFilters.class,
            description = {"Prune only matching networks, as docker's filters (repeatable): label=KEY or "
                    + "label=KEY=VALUE (has it; several must all hold), label!=KEY or label!=KEY=VALUE (has not), "
                    + "until=DURATION or TIMESTAMP (created before: 24h, 2026-11-30, 2026-11-30T10:00:00Z, "
                    + "a Unix time)."})
    List<String> filters = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Terminal terminal = Terminal.SYSTEM;

    @Override
    public Integer call() {
        Filters wanted = Filters.parse(filters, spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        if (!force) {
            // As docker: the answer is read from standard input, a terminal or a pipe ('echo y | jnet network
            // prune'); its end is a no.
            out.println(WARNING);
            if (!terminal.confirm(out, "Are you sure you want to continue?")) {
                return 0;
            }
        }
        List<String> removed = Main.client(spec).pruneNetworks(wanted.byKey());
        if (!removed.isEmpty()) {
            out.println("Deleted Networks:");
            removed.forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
