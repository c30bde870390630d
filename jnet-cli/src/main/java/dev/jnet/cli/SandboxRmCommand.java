package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet sandbox rm}: removes sandboxes, each in turn. */
@Command(name = "rm", aliases = "remove", description = {"Remove one or more sandboxes and print the name of each one removed.",
        "Each is disconnected from its networks first; its namespace and files go with it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every sandbox was removed", "1:at least one could not be (each is reported; with --force, one that does not exist is not)"})
final class SandboxRmCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(arity = "1..*", paramLabel = "SANDBOX", description = "Sandbox name, id or unique id prefix.")
    List<String> refs;

    @Option(names = {"-f", "--force"}, description = "Do not error if a sandbox does not exist.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JnetClient client = Main.client(spec);
        return EachRef.apply(spec.commandLine(), refs, force, client::removeSandbox);
    }
}
