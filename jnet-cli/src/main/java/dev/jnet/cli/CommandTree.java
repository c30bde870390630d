package dev.jnet.cli;

import picocli.CommandLine;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * jnet's commands and their subcommands, by name. Picocli builds a command's model by reflecting on its
 * class (annotations, fields, converters), several milliseconds per command; {@link #along} builds only
 * the commands a command line names, so that {@code jnet network ls} does not pay for the other twenty.
 * {@link #all} builds the whole tree, for {@code jnet --help}, {@code help}, completion and tests.
 */
final class CommandTree {
    /** A command, the names it answers to (its aliases too) and its subcommands, in help order. */
    private record Entry(List<String> names, Supplier<Object> command, List<Entry> children, boolean needsAll) {
        static Entry leaf(Supplier<Object> command, String... names) {
            return new Entry(List.of(names), command, List.of(), false);
        }

        static Entry group(Supplier<Object> command, String name, Entry... children) {
            return new Entry(List.of(name), command, List.of(children), false);
        }

        /** A command that reads the whole tree (help for any command, the completion script). */
        static Entry ofWholeTree(Supplier<Object> command, String name) {
            return new Entry(List.of(name), command, List.of(), true);
        }
    }

    private static final List<Entry> TOP = List.of(
            Entry.group(NetworkCommand::new, "network",
                    Entry.leaf(NetworkCreateCommand::new, "create"),
                    Entry.leaf(NetworkLsCommand::new, "ls", "list"),
                    Entry.leaf(NetworkInspectCommand::new, "inspect"),
                    Entry.leaf(NetworkRmCommand::new, "rm", "remove"),
                    Entry.leaf(NetworkConnectCommand::new, "connect"),
                    Entry.leaf(NetworkDisconnectCommand::new, "disconnect"),
                    Entry.leaf(NetworkPruneCommand::new, "prune")),
            Entry.group(SandboxCommand::new, "sandbox",
                    Entry.leaf(SandboxCreateCommand::new, "create"),
                    Entry.leaf(SandboxLsCommand::new, "ls", "list"),
                    Entry.leaf(SandboxInspectCommand::new, "inspect"),
                    Entry.leaf(SandboxRmCommand::new, "rm", "remove")),
            Entry.leaf(RunCommand::new, "run"),
            Entry.leaf(PortCommand::new, "port"),
            Entry.leaf(EventsCommand::new, "events"),
            Entry.leaf(SystemCommand::new, "system"),
            Entry.leaf(DoctorCommand::new, "doctor"),
            Entry.leaf(VersionCommand::new, "version"),
            Entry.ofWholeTree(CompletionCommand::new, "generate-completion"),
            Entry.ofWholeTree(CommandLine.HelpCommand::new, "help"));

    private CommandTree() {}

    /** {@code root} with every command under it. */
    static CommandLine all(CommandLine root) {
        addAll(root, TOP);
        return root;
    }

    /**
     * {@code root} with the commands {@code args} names: {@code network ls} adds {@code network} and its
     * {@code ls}; a group named alone ({@code jnet network}, {@code jnet network --help}, a misspelt
     * subcommand) gets all its subcommands, which its help lists; anything else (a root option other than
     * {@code --socket}, no command, an unknown one) gets the whole tree, so help and suggestions are whole.
     */
    static CommandLine along(CommandLine root, String[] args) {
        Optional<List<String>> names = namesAfterRootOptions(args);
        Optional<Entry> top = names.flatMap(n -> n.isEmpty() ? Optional.empty() : find(TOP, n.getFirst()));
        if (top.isEmpty() || top.get().needsAll()) {
            return all(root);
        }
        CommandLine group = add(root, top.get());
        if (!top.get().children().isEmpty()) {
            List<String> rest = names.get();
            Optional<Entry> child = rest.size() > 1 ? find(top.get().children(), rest.get(1)) : Optional.empty();
            child.ifPresentOrElse(c -> add(group, c), () -> addAll(group, top.get().children()));
        }
        return root;
    }

    /** The root's options that take a value: the socket, named either way. */
    private static final List<String> SOCKET_OPTIONS = List.of("--socket", "-H", "--host");

    /**
     * The arguments from the first one that is not a socket option ({@code --socket X}, {@code --socket=X},
     * {@code -H X}, {@code -HX}); empty for another root option.
     */
    private static Optional<List<String>> namesAfterRootOptions(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (SOCKET_OPTIONS.contains(arg)) {
                i++;
            } else if (!arg.startsWith("--socket=") && !arg.startsWith("--host=") && !(arg.startsWith("-H") && arg.length() > 2)) {
                return arg.startsWith("-") ? Optional.empty() : Optional.of(List.of(args).subList(i, args.length));
            }
        }
        return Optional.of(List.of());
    }

    private static Optional<Entry> find(List<Entry> entries, String name) {
        return entries.stream().filter(e -> e.names().contains(name)).findFirst();
    }

    private static void addAll(CommandLine parent, List<Entry> entries) {
        for (Entry entry : entries) {
            addAll(add(parent, entry), entry.children());
        }
    }

    /** Adds the entry's command (named by its annotation, with its aliases) and returns its command line. */
    private static CommandLine add(CommandLine parent, Entry entry) {
        parent.addSubcommand(entry.command().get());
        return parent.getSubcommands().get(entry.names().getFirst());
    }
}
