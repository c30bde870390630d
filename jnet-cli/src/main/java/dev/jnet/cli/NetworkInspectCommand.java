package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet network inspect}: networks as the API shows them, endpoints included. */
@Command(name = "inspect", description = {"Show networks in full (an indented JSON array, as docker's inspect).",
        "A network that does not exist is reported; the others are still shown."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every network was found", "1:a network was not found, or jnetd failed"})
final class NetworkInspectCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    InspectFormat format;

    @Parameters(arity = "1..*", paramLabel = "NETWORK", description = "Network name, id or unique id prefix.")
    List<String> refs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JnetClient client = Main.client(spec);
        return format.print(spec.commandLine(), refs, client::network, client::dockerNetwork);
    }
}
