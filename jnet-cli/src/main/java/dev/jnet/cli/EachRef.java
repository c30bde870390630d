package dev.jnet.cli;

import dev.jnet.error.JnetException;
import picocli.CommandLine;

import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code rm} commands share with docker's: act on each name in turn, print each one done, report
 * each failure, and exit 1 if any failed.
 */
final class EachRef {
    private EachRef() {}

    static int apply(CommandLine cli, List<String> refs, Consumer<String> action) {
        int failed = 0;
        for (String ref : refs) {
            try {
                action.accept(ref);
                cli.getOut().println(ref);
                cli.getOut().flush();
            } catch (JnetException e) {
                failed++;
                cli.getErr().println("jnet: " + e.getMessage());
                cli.getErr().flush();
            }
        }
        return failed == 0 ? 0 : ErrorHandler.FAILED;
    }
}
