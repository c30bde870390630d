package dev.jnet.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jnet} command: entry point and list of subcommands. */
@Command(name = "jnet",
        description = "jnet: Docker's container network model, in Java.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        subcommands = {DoctorCommand.class, VersionCommand.class, AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'jnet COMMAND --help' for more on a command."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
                .description("Print a bash/zsh completion script: source <(jnet generate-completion)");
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
