package dev.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code jnet network disconnect}: removes a sandbox's interface on a network. */
@Command(name = "disconnect", description = "Disconnect a sandbox from a network.")
final class NetworkDisconnectCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "NETWORK", description = "Network name, id or unique id prefix.")
    String network;

    @Parameters(index = "1", paramLabel = "SANDBOX", description = "Sandbox name, id or unique id prefix.")
    String sandbox;

    @Option(names = {"-f", "--force"}, description = "Remove the endpoint even if the driver fails to clean up after it.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Main.client(spec).disconnect(network, sandbox, force);
        return 0;
    }
}
