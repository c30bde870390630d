package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import dev.jnet.error.JnetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;

/** {@code jnet version}: the jnet and Java versions, and jnetd's when it answers. */
@Command(name = "version", description = {"Print the versions of jnet, its Java runtime and jnetd.",
        "jnetd's is shown when the daemon at the socket answers."})
final class VersionCommand implements Runnable {
    @Mixin
    HelpOption help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : new Provider().getVersion()) {
            out.println(line);
        }
        JnetClient client = Main.client(spec);
        try {
            out.println("jnetd " + client.info().path("version").asString() + " at " + client.socket());
        } catch (JnetException e) {
            out.println("jnetd not reachable at " + client.socket());
        }
        out.flush();
    }

    /** Reads the version Maven wrote into the jar's manifest. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "jnet " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
            };
        }
    }
}
