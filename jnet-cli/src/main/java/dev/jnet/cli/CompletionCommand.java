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
        footer = {"", "Network and sandbox names, and drivers, are completed from jnetd as you type (jnet must be on "
                + "PATH); formats and filter keys from fixed lists."})
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

    /** What stands for a list asked of jnetd in an option's candidates ({@link Candidates}), and how to ask. */
    static final Map<String, String> ASKED = Map.of(
            "(\"" + Candidates.NETWORKS + "\")", NETWORKS(),
            "(\"" + Candidates.DRIVERS + "\")", "$(jnet system info --format '{{range .drivers}}{{println .}}{{end}}' 2>/dev/null)");

    /**
     * The script with each of {@link #NAMES}' functions offering the names jnetd lists, and each option whose
     * candidates are asked of jnetd asking only when that option's value is being completed.
     */
    static String withNames(String script) {
        StringBuilder out = new StringBuilder();
        String function = null;
        Map<String, String> asked = new java.util.HashMap<>(); // array variable -> the command that fills it
        for (String line : script.split("\n", -1)) {
            if (line.startsWith("function _picocli_jnet_")) {
                function = line.substring("function _picocli_jnet_".length(), line.indexOf('('));
                asked.clear();
            }
            if (function != null && NAMES.containsKey(function) && line.strip().equals("local positionals=\"\"")) {
                line = line.replace("local positionals=\"\"", "local positionals=\"" + NAMES.get(function) + "\"");
            }
            line = askedLater(line, asked);
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** {@code local X_option_args=("@networks")} becomes empty, and the completion of X fills it first. */
    private static String askedLater(String line, Map<String, String> asked) {
        for (Map.Entry<String, String> e : ASKED.entrySet()) {
            int at = line.indexOf("_option_args=" + e.getKey());
            if (at > 0 && line.strip().startsWith("local ")) {
                String variable = line.strip().substring("local ".length(), line.strip().indexOf('='));
                asked.put(variable, e.getValue());
                return line.replace(e.getKey(), "()");
            }
        }
        for (Map.Entry<String, String> e : asked.entrySet()) {
            if (line.contains("compReplyArray \"${" + e.getKey() + "[@]}\"")) {
                String indent = line.substring(0, line.indexOf("COMPREPLY"));
                return indent + e.getKey() + "=(" + e.getValue() + ")\n" + line;
            }
        }
        return line;
    }

    private static String NETWORKS() {
        return "$(jnet network ls --format '{{.Name}}' 2>/dev/null)";
    }

    private static String SANDBOXES() {
        return "$(jnet sandbox ls --format '{{.Name}}' 2>/dev/null)";
    }
}
