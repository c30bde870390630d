package dev.jnet.cli;

import dev.jnet.cli.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jnet events}: jnetd's changes as they happen, as {@code docker events} prints them. */
@Command(name = "events", description = {"Print jnetd's changes as they happen: networks and sandboxes created and "
        + "destroyed, sandboxes connected and disconnected, repairs.",
        "One line each, as docker events: TIME TYPE ACTION ID (attributes). Without --until it runs until stopped; "
                + "jnetd keeps its last 1,000 events for --since."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the stream ended (--until passed, or jnetd stopped)", "1:jnetd failed or went away"})
final class EventsCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Show the events from this time on first: 10m (a duration before now), a Unix time, or 2026-12-02T10:00:00Z.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Stop at this time (the same forms; 0s is now).")
    String until;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE", completionCandidates = Candidates.EventFilters.class,
            description = {"Show only matching events (repeatable): type=network|sandbox|jnet, event=create|destroy|"
                    + "connect|disconnect|repair, network=NAME|ID, sandbox=NAME|ID (or container=, as docker)."})
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", converter = Format.Converter.class,
            completionCandidates = Candidates.JsonFormat.class,
            description = "json: each event as jnetd's API sends it; or a Go template over it ('{{.type}} {{.actor.name}}').")
    Format format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Filters wanted = Filters.parse(filters, spec.commandLine());
        PrintWriter out = spec.commandLine().getOut();
        Main.client(spec).events(since, until, wanted.byKey(), event -> {
            if (format != null && format.kind() == Format.Kind.JSON) {
                out.print(JsonOutput.lines(List.of(event)));
            } else if (format != null && format.kind() == Format.Kind.TEMPLATE) {
                out.print(format.lines(List.of(event), event));
            } else {
                out.println(line(event));
            }
            out.flush();
        });
        return 0;
    }

    /** {@code 2026-12-02T06:58:23.864646381Z network create f644... (name=evnet, type=bridge)}, as docker's. */
    static String line(Json event) {
        Json actor = event.path("actor");
        List<String> attributes = new ArrayList<>();
        attributes.add("name=" + actor.path("name").asString());
        actor.path("attributes").properties().forEach(a -> attributes.add(a.getKey() + "=" + a.getValue().asString()));
        attributes.sort(null);
        String id = actor.path("id").asString();
        return event.path("time").asString() + " " + event.path("type").asString() + " " + event.path("action").asString()
                + (id.isEmpty() ? "" : " " + id) + " (" + String.join(", ", attributes) + ")";
    }
}
