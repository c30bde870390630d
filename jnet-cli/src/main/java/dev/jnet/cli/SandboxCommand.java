package dev.jnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jnet sandbox}: the group of sandbox commands; alone, it prints their list. */
@Command(name = "sandbox", description = {"Manage sandboxes.",
        "A sandbox is a network namespace with its own interfaces, routes, hosts and resolv.conf: "
                + "what a container's network stack is in Docker."},
        footer = {"", "Run 'jnet sandbox COMMAND --help' for more on a command."})
final class SandboxCommand implements Runnable {
    @Mixin
    HelpOption help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
