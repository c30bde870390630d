package dev.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jnet version}: the jnet and Java versions. */
@Command(name = "version", description = "Print the jnet version and the Java runtime it runs on.")
final class VersionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
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
