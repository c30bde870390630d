package dev.jnet.cli;

import picocli.CommandLine;

/**
 * Prints a usage error as docker does: one line saying what is wrong, and where to read more (rather
 * than the whole help text). Exit code 2.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        cli.getErr().println("jnet: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, cli.getErr());
        cli.getErr().println("See '" + cli.getCommandSpec().qualifiedName() + " --help'.");
        cli.getErr().flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }
}
