package dev.jnet.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for every subcommand (mixed in; the root has its own with {@code --version}). */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
