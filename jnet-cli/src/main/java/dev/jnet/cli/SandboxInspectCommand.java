package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet sandbox inspect}: sandboxes as the API shows them. */
@Command(name = "inspect", description = {"Show sandboxes in full (an indented JSON array): namespace file, DNS, "
        + "hosts and resolv.conf paths, endpoints.", "A sandbox that does not exist is reported; the others are still shown."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every sandbox was found", "1:a sandbox was not found, or jnetd failed"})
final class SandboxInspectCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    InspectFormat format;

    @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Sandbox name, id or unique id prefix.")
    List<String> refs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JnetClient client = Main.client(spec);
        return format.print(spec.commandLine(), refs, client::sandbox, client::sandbox);
    }
}
