package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.jnet.cli.json.Json;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code jnet system}: the daemon itself: {@code info} and {@code reconcile}. */
@Command(name = "system", description = "Show jnetd's state, or make the kernel match it.",
        footer = {"", "Run 'jnet system COMMAND --help' for more on a command."})
final class SystemCommand implements Runnable {
    @Mixin
    HelpOption help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", description = {"Show jnetd's version, directories, object counts and drivers; how many times",
            "jnetd found drift (a deleted bridge or veth, a flushed firewall table) and repaired it by itself; and other",
            "firewalls' forward chains that drop what they do not accept: whether jnet's bridges get through, and if",
            "not the commands that would let them (see jnetd --foreign-firewall)."})
    int info(@Mixin HelpOption help,
             @Option(names = "--format", paramLabel = "FORMAT", converter = Format.Converter.class, defaultValue = "table",
                     description = "table (default: one 'Key: value' per line), json (the API object), or a Go template over it ('{{.version}}').") Format format) {
        JnetClient client = Main.client(spec);
        Json info = client.info();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            out.print(JsonOutput.lines(List.of(info)));
        } else if (format.kind() == Format.Kind.TEMPLATE) {
            out.print(format.lines(List.of(info), info));
        } else {
            List<String> drivers = new ArrayList<>();
            info.path("drivers").forEach(d -> drivers.add(d.asString()));
            out.println("Server Version: " + info.path("version").asString());
            out.println("Socket: " + client.socket());
            out.println("State Directory: " + info.path("stateDirectory").asString());
            out.println("Run Directory: " + info.path("runDirectory").asString());
            out.println("Networks: " + info.path("networks").asInt());
            out.println("Sandboxes: " + info.path("sandboxes").asInt());
            out.println("Endpoints: " + info.path("endpoints").asInt());
            out.println("Drivers: " + String.join(", ", drivers));
            out.println("Drift Repairs: " + info.path("driftRepairs").asLong());
            Json foreign = info.path("foreignFirewall");
            if (foreign.isObject()) {
                out.println("Foreign Firewall: " + foreign.path("mode").asString());
                foreign.path("drops").forEach(d -> out.println("  " + d.path("summary").asString()));
                foreign.path("problems").forEach(p -> out.println("  " + p.asString()));
            }
        }
        out.flush();
        return 0;
    }

    @Command(name = "reconcile", description = {"Make the kernel match jnetd's store now (jnetd also does this at start, "
            + "and repairs drift it notices by itself):",
            "re-create missing bridges, namespaces and interfaces; remove jnet-made links, namespaces and files "
                    + "that nothing records. Running it twice changes nothing the second time."})
    int reconcile(@Mixin HelpOption help,
                  @Option(names = "--format", paramLabel = "FORMAT", converter = Format.Converter.class, defaultValue = "table",
                          description = "table (default: one 'Key: value' per line), json (the API object), or a Go template over it ('{{.version}}').") Format format) {
        Json report = Main.client(spec).reconcile();
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            out.print(JsonOutput.lines(List.of(report)));
        } else if (format.kind() == Format.Kind.TEMPLATE) {
            out.print(format.lines(List.of(report), report));
        } else {
            List<String> removed = new ArrayList<>();
            report.path("removed").forEach(r -> removed.add(r.isString() ? r.asString() : dev.jnet.cli.json.JsonWriter.compact(r)));
            out.println("Networks recreated: " + report.path("networksRecreated").asInt());
            out.println("Namespaces recreated: " + report.path("namespacesRecreated").asInt());
            out.println("Endpoints rejoined: " + report.path("endpointsRejoined").asInt());
            out.println("Removed: " + (removed.isEmpty() ? "nothing" : String.join(", ", removed)));
            List<String> problems = new ArrayList<>();
            report.path("problems").forEach(p -> problems.add(p.asString()));
            out.println("Problems: " + (problems.isEmpty() ? "none" : String.join("; ", problems)));
        }
        out.flush();
        return 0;
    }
}
