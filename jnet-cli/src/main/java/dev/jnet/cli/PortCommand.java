package dev.jnet.cli;

import dev.jnet.cli.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet port}: a sandbox's published ports, as {@code docker port} prints a container's. */
@Command(name = "port", description = {"List the published ports of a sandbox (or the host addresses of one of them).",
        "One line per binding, as docker port: 80/tcp -> 0.0.0.0:8080."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:no such sandbox, or the port asked for is not published"})
final class PortCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "SANDBOX", description = "Sandbox name, id or unique id prefix.")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORT[/PROTO]",
            description = "Only this port of the sandbox (tcp unless /udp or /sctp): print its host addresses.")
    String port;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Json sandbox = Main.client(spec).sandbox(ref);
        String wanted = port == null ? null : port.contains("/") ? port : port + "/tcp";
        PrintWriter out = spec.commandLine().getOut();
        boolean found = false;
        for (Json binding : Listing.ports(sandbox)) {
            String inside = binding.path("containerPort").asInt() + "/" + binding.path("protocol").asString();
            if (wanted == null || wanted.equals(inside)) {
                found = true;
                String host = Listing.hostAddress(binding);
                out.println(wanted == null ? inside + " -> " + host : host);
            }
        }
        out.flush();
        if (wanted != null && !found) {
            spec.commandLine().getErr().println("jnet: no public port '" + wanted + "' published for " + ref);
            spec.commandLine().getErr().flush();
            return ErrorHandler.FAILED;
        }
        return 0;
    }
}
