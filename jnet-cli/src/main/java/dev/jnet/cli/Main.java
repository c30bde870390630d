package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import dev.jnet.cli.client.SocketPath;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code jnet} command: entry point, the {@code --socket} option and the list of subcommands. */
@Command(name = "jnet",
        description = "jnet: Docker's container network model, in Java.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        subcommands = {NetworkCommand.class, SandboxCommand.class, RunCommand.class, SystemCommand.class,
                DoctorCommand.class, VersionCommand.class, AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Run 'jnet COMMAND --help' for more on a command."})
public final class Main implements Runnable {
    @Option(names = "--socket", paramLabel = "PATH",
            description = {"jnetd's Unix socket. Default: $" + SocketPath.ENVIRONMENT_VARIABLE + " if set, else "
                    + "/run/jnet/jnet.sock."})
    Path socket;

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
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        // Everything after the command's name belongs to the command: 'jnet run sh -c ...' needs no '--'.
        cli.getSubcommands().get("run").setStopAtPositional(true);
        return cli;
    }

    /** The API client for the socket chosen by {@code --socket}, {@code JNET_SOCKET} or the default. */
    static JnetClient client(CommandLine.Model.CommandSpec anyCommand) {
        Main root = (Main) anyCommand.root().userObject();
        return JnetClient.at(SocketPath.resolve(root.socket, System.getenv()));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
