package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import dev.jnet.cli.client.SocketPath;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code jnet} command: entry point, the {@code --socket} option and the list of subcommands. */
@Command(name = "jnet",
        description = "jnet: Docker's container network model, in Java.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        footer = {"", "Run 'jnet COMMAND --help' for more on a command."})
public final class Main implements Runnable {
    @Option(names = "--socket", paramLabel = "PATH", scope = CommandLine.ScopeType.INHERIT,
            description = {"jnetd's Unix socket, before or after the command. Default: $" + SocketPath.HOST_VARIABLE
                    + " (unix:///PATH), else $" + SocketPath.ENVIRONMENT_VARIABLE + ", else /run/jnet/jnet.sock."})
    Path socket;

    @Option(names = {"-H", "--host"}, paramLabel = "unix:///PATH", scope = CommandLine.ScopeType.INHERIT,
            converter = HostConverter.class, description = "The same socket as docker's -H names it.")
    Path host;

    /** {@code -H}'s value as a socket path: {@code unix:///PATH} or the path (see {@link SocketPath#fromHost}). */
    static final class HostConverter implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            try {
                return SocketPath.fromHost(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /** The command line with only the commands {@code args} names (see {@link CommandTree#along}). */
    static CommandLine commandLine(String[] args) {
        return configure(CommandTree.along(new CommandLine(new Main()), args));
    }

    /** The whole command line (every command), shared by tests and anything that lists all commands. */
    public static CommandLine commandLine() {
        return configure(CommandTree.all(new CommandLine(new Main())));
    }

    /** The error handlers, and the settings of the commands that are there ({@link CommandTree#along} adds few). */
    private static CommandLine configure(CommandLine cli) {
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        // Everything after the command's name belongs to the command: 'jnet run sh -c ...' needs no '--'.
        CommandLine run = cli.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true);
        }
        return cli;
    }

    /** The API client for the socket chosen by {@code --socket}, {@code -H}, the environment or the default. */
    static JnetClient client(CommandLine.Model.CommandSpec anyCommand) {
        Main root = (Main) anyCommand.root().userObject();
        try {
            return JnetClient.at(SocketPath.resolve(root.socket, root.host, System.getenv()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(anyCommand.commandLine(), e.getMessage());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
