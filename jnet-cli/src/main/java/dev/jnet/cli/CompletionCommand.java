package dev.jnet.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;

/**
 * {@code jnet generate-completion}: picocli's bash/zsh completion script, with the names of networks and
 * sandboxes completed where a command takes one, asked of jnetd ({@code jnet network ls --format
 * '{{.Name}}'}) each time TAB is pressed.
 */
@Command(name = "generate-completion", description = "Print a bash/zsh completion script: source <(jnet generate-completion)",
        footer = {"", "Network and sandbox names are completed from jnetd as you type (jnet must be on PATH)."})
final class CompletionCommand implements Runnable {
    /** The commands whose positional parameters are network names, sandbox names, or both. */
    static final Map<String, String> NAMES = Map.of(
            "network_rm", NETWORKS(), "network_remove", NETWORKS(), "network_inspect", NETWORKS(),
            "network_connect", NETWORKS() + "\n" + SANDBOXES(), "network_disconnect", NETWORKS() + "\n" + SANDBOXES(),
            "sandbox_rm", SANDBOXES(), "sandbox_remove", SANDBOXES(), "sandbox_inspect", SANDBOXES(), "port", SANDBOXES());

    @Mixin
    HelpOption help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(withNames(AutoComplete.bash("jnet", spec.root().commandLine())));
        spec.commandLine().getOut().flush();
    }

    /** The script with each of {@link #NAMES}' functions offering the names jnetd lists. */
    static String withNames(String script) {
        StringBuilder out = new StringBuilder();
        String function = null;
        for (String line : script.split("\n", -1)) {
            if (line.startsWith("function _picocli_jnet_")) {
                function = line.substring("function _picocli_jnet_".length(), line.indexOf('('));
            }
            if (function != null && NAMES.containsKey(function) && line.strip().equals("local positionals=\"\"")) {
                line = line.replace("local positionals=\"\"", "local positionals=\"" + NAMES.get(function) + "\"");
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String NETWORKS() {
        return "$(jnet network ls --format '{{.Name}}' 2>/dev/null)";
    }

    private static String SANDBOXES() {
        return "$(jnet sandbox ls --format '{{.Name}}' 2>/dev/null)";
    }
}
