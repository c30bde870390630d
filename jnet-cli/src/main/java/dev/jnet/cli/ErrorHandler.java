package dev.jnet.cli;

import dev.jnet.error.JnetException;
import picocli.CommandLine;

/**
 * Prints jnet's own errors (jnetd's answers, a {@code --format} template that cannot run on a value) as one
 * clear line and turns them into a nonzero exit code.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof JnetException || e instanceof dev.jnet.cli.template.TemplateException) {
            cli.getErr().println("jnet: " + e.getMessage());
            cli.getErr().flush();
            return FAILED;
        }
        throw e;
    }
}
