package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet network rm}: removes networks, each in turn. */
@Command(name = "rm", aliases = "remove", description = {"Remove one or more networks and print the name of each one removed.",
        "A network with sandboxes connected is refused; disconnect them first. The predefined bridge, host and none "
                + "networks cannot be removed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every network was removed", "1:at least one could not be (each is reported; with --force, one that does not exist is not)"})
final class NetworkRmCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(arity = "1..*", paramLabel = "NETWORK", description = "Network name, id or unique id prefix.")
    List<String> refs;

    @Option(names = {"-f", "--force"}, description = "Do not error if a network does not exist.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JnetClient client = Main.client(spec);
        return EachRef.apply(spec.commandLine(), refs, force, client::removeNetwork);
    }
}
