package dev.jnet.cli;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import picocli.CommandLine;

import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code rm} commands share with docker's: act on each name in turn, print each one done, report
 * each failure, and exit 1 if any failed; with {@code --force}, a name that does not exist is no failure
 * and prints nothing (docker's {@code network rm -f}).
 */
final class EachRef {
    private EachRef() {}

    static int apply(CommandLine cli, List<String> refs, boolean force, Consumer<String> action) {
        int failed = 0;
        for (String ref : refs) {
            try {
                action.accept(ref);
                cli.getOut().println(ref);
                cli.getOut().flush();
            } catch (JnetException e) {
                if (force && e.kind() == ErrorKind.NOT_FOUND) {
                    continue;
                }
                failed++;
                cli.getErr().println("jnet: " + e.getMessage());
                cli.getErr().flush();
            }
        }
        return failed == 0 ? 0 : ErrorHandler.FAILED;
    }
}
