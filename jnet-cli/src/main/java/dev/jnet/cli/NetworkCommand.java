package dev.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jnet network}: the group of network commands; alone, it prints their list. */
@Command(name = "network", description = "Manage networks.",
        footer = {"", "Run 'jnet network COMMAND --help' for more on a command."})
final class NetworkCommand implements Runnable {
    @Mixin
    HelpOption help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
