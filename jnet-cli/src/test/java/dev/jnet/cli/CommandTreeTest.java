package dev.jnet.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A command line builds only the commands it names, and what the user sees does not change. */
class CommandTreeTest {
    private static CommandLine along(String... args) {
        return Main.commandLine(args);
    }

    @Test
    void aLeafCommandBuildsOnlyItsPath() {
        CommandLine cli = along("--socket", "/tmp/x.sock", "network", "ls", "-q");
        assertThat(cli.getSubcommands()).containsOnlyKeys("network");
        assertThat(cli.getSubcommands().get("network").getSubcommands()).containsOnlyKeys("ls", "list");

        assertThat(along("--socket=/tmp/x.sock", "sandbox", "remove", "a").getSubcommands().get("sandbox")
                .getSubcommands()).containsOnlyKeys("rm", "remove");
        assertThat(along("run", "--network", "web", "--", "sh").getSubcommands()).containsOnlyKeys("run");
    }

    @Test
    void aGroupAloneOrWithAMisspeltSubcommandGetsAllItsSubcommands() {
        for (String[] args : List.of(new String[] {"network"}, new String[] {"network", "--help"},
                new String[] {"network", "lss"})) {
            CommandLine cli = along(args);
            assertThat(cli.getSubcommands()).containsOnlyKeys("network");
            assertThat(cli.getSubcommands().get("network").getSubcommands())
                    .isEqualTo(Main.commandLine().getSubcommands().get("network").getSubcommands().keySet().stream()
                            .collect(java.util.stream.Collectors.toMap(k -> k, k -> cli.getSubcommands().get("network")
                                    .getSubcommands().get(k))));
        }
    }

    @Test
    void helpCompletionRootOptionsAndUnknownCommandsGetTheWholeTree() {
        int all = Main.commandLine().getSubcommands().size();
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-V"},
                new String[] {"help", "network"}, new String[] {"generate-completion"}, new String[] {"netwrk", "ls"})) {
            assertThat(along(args).getSubcommands()).as(String.join(" ", args)).hasSize(all);
        }
    }

    @Test
    void everyCommandsHelpIsTheSameBuiltAlongItsPathAsInTheWholeTree() {
        CommandLine whole = Main.commandLine();
        for (CommandLine top : whole.getSubcommands().values()) {
            String name = top.getCommandName();
            assertThat(along(name).getSubcommands().get(name).getUsageMessage()).as(name)
                    .isEqualTo(top.getUsageMessage());
            for (CommandLine sub : top.getSubcommands().values()) {
                String subName = sub.getCommandName();
                assertThat(along(name, subName).getSubcommands().get(name).getSubcommands().get(subName)
                        .getUsageMessage()).as(name + " " + subName).isEqualTo(sub.getUsageMessage());
            }
        }
    }
}
