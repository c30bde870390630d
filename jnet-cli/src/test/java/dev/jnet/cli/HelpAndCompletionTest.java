package dev.jnet.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HelpAndCompletionTest {
    @Test
    void everyCommandOptionAndParameterHasHelpText() {
        List<String> missing = new ArrayList<>();
        walk(Main.commandLine(), missing);
        assertThat(missing).isEmpty();
    }

    private static void walk(CommandLine cli, List<String> missing) {
        CommandSpec spec = cli.getCommandSpec();
        if (spec.usageMessage().description().length == 0 || spec.usageMessage().description()[0].isBlank()) {
            missing.add(spec.qualifiedName() + " (command)");
        }
        spec.options().forEach(o -> {
            if (o.description().length == 0 || o.description()[0].isBlank()) {
                missing.add(spec.qualifiedName() + " " + o.longestName());
            }
        });
        spec.positionalParameters().forEach(p -> {
            if (p.description().length == 0 || p.description()[0].isBlank()) {
                missing.add(spec.qualifiedName() + " " + p.paramLabel());
            }
        });
        cli.getSubcommands().values().stream().distinct().forEach(sub -> walk(sub, missing));
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String[] command : List.of(new String[] {"network"}, new String[] {"network", "create"},
                new String[] {"sandbox", "ls"}, new String[] {"run"}, new String[] {"system", "info"},
                new String[] {"doctor"}, new String[] {"version"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            Jnet.Run run = Jnet.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).startsWith("Usage: jnet " + String.join(" ", command));
        }
    }

    @Test
    void aGroupAloneListsItsCommands() {
        Jnet.Run run = Jnet.run("sandbox");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("create", "ls, list", "inspect", "rm, remove");
    }

    @Test
    void completionCoversTheNewCommandsAndTheirOptions() {
        Jnet.Run run = Jnet.run("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("jnet_network_create", "jnet_network_prune", "jnet_sandbox_create",
                "jnet_run", "jnet_system_reconcile", "--subnet", "--aux-address", "--ip-range", "--keep", "--socket");
    }

    @Test
    void helpListsTheCommands() {
        Jnet.Run run = Jnet.run("--help");
        assertThat(run.out()).contains("network", "sandbox", "run", "system", "doctor", "version", "generate-completion");
    }
}
