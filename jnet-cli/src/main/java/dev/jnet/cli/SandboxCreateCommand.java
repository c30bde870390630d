package dev.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet sandbox create}: a new sandbox, optionally connected to networks; prints its id. */
@Command(name = "create", description = {"Create a sandbox and print its id.",
        "Its namespace file is the 'namespace' of 'jnet sandbox inspect'; a runtime can put a process in it.",
        "With --network the sandbox is also connected, in order; if a connect fails the sandbox is removed again."})
final class SandboxCreateCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    SandboxOptions sandbox;

    @Option(names = "--network", paramLabel = "NETWORK", converter = NetworkAttachment.Converter.class,
            completionCandidates = Candidates.Networks.class,
            description = {"Connect to this network (repeatable, in order): a name, or name=NET,ip=IP,ip6=IP,alias=NAME,"
                    + "mac-address=MAC,driver-opt=K=V. 'host' shares the host's namespace instead of making one."})
    List<NetworkAttachment> networks = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String id = SandboxSetup.create(spec.commandLine(), Main.client(spec),
                sandbox.request(spec.commandLine(), SandboxSetup.hostNetwork(networks)), networks).sandbox().path("id").asString();
        spec.commandLine().getOut().println(id);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
