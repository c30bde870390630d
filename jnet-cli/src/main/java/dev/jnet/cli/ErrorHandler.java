package dev.jnet.cli;

import dev.jnet.error.JnetException;
import picocli.CommandLine;

/** Prints jnet's own errors as one clear line and turns them into a nonzero exit code. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof JnetException j) {
            cli.getErr().println("jnet: " + j.getMessage());
            return FAILED;
        }
        throw e;
    }
}
