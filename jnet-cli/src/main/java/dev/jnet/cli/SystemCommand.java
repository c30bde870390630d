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

/** {@code jnet system}: the daemon itself: {@code info}, {@code reconcile} and {@code uninstall}. */
@Command(name = "system", description = "Show jnetd's state, make the kernel match it, or remove jnet from this host.",
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
            "not the commands that would let them (see jnetd --foreign-firewall). On a host in a cluster (jnetd",
            "--cluster-store), also the store, whether this host is registered, and the live hosts."})
    int info(@Mixin HelpOption help,
             @Option(names = "--format", paramLabel = "FORMAT", converter = Format.Converter.class, defaultValue = "table",
                     completionCandidates = Candidates.ListFormats.class,
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
            printCluster(out, info.path("cluster"));
        }
        out.flush();
        return 0;
    }

    /** The cluster lines of {@code system info}: the store, this host, and the live hosts; nothing on a host on its own. */
    private static void printCluster(PrintWriter out, Json cluster) {
        if (!cluster.isObject()) {
            return;
        }
        out.println("Cluster Store: " + cluster.path("store").asString());
        String problem = cluster.path("problem").asString();
        out.println("Cluster Host: " + cluster.path("hostId").asString() + " (" + cluster.path("advertiseAddress").asString()
                + "), " + (cluster.path("registered").asBoolean() ? "registered" : "not registered")
                + (problem.isEmpty() ? "" : ": " + problem));
        List<String> hosts = new ArrayList<>();
        cluster.path("hosts").forEach(h -> hosts.add(h.path("id").asString() + " (" + h.path("address").asString() + ")"));
        out.println("Cluster Hosts: " + hosts.size() + (hosts.isEmpty() ? "" : ": " + String.join(", ", hosts)));
    }

    @Command(name = "reconcile", description = {"Make the kernel match jnetd's store now (jnetd also does this at start, "
            + "and repairs drift it notices by itself):",
            "re-create missing bridges, namespaces and interfaces; remove jnet-made links, namespaces and files "
                    + "that nothing records. Running it twice changes nothing the second time."})
    int reconcile(@Mixin HelpOption help,
                  @Option(names = "--format", paramLabel = "FORMAT", converter = Format.Converter.class, defaultValue = "table",
                     completionCandidates = Candidates.ListFormats.class,
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

    static final String UNINSTALL_WARNING = """
            WARNING! This will remove everything jnet made on this host:
              - every sandbox and every network (bridge, host and none too), with their interfaces and namespaces
              - jnet's nftables tables, and the rules jnet put in other firewalls' chains
              - jnetd's state directory and run directory
            put IP forwarding back as it was before jnetd's first start, and stop jnetd.""";

    @Command(name = "uninstall", description = {"Remove everything jnet made on this host and stop jnetd: every sandbox and "
            + "network (the predefined ones too), jnet's nftables tables and its rules in other firewalls, the state and "
            + "run directories; net.ipv4.ip_forward and net.ipv6.conf.all.forwarding go back to what they were before "
            + "jnetd's first start. A systemd unit stays: see docs/operations.md."})
    int uninstall(@Mixin HelpOption help,
                  @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.") boolean force) {
        PrintWriter out = spec.commandLine().getOut();
        if (!force) {
            out.println(UNINSTALL_WARNING);
            if (!Terminal.SYSTEM.confirm(out, "Are you sure you want to continue?")) {
                return 0;
            }
        }
        JnetClient client = Main.client(spec);
        Json report = client.uninstall();
        out.println("Removed sandboxes: " + joined(report.path("sandboxesRemoved"), "none"));
        out.println("Removed networks: " + joined(report.path("networksRemoved"), "none"));
        out.println("Restored: " + joined(report.path("sysctlsRestored"), "nothing (forwarding was as before jnet)"));
        String state = report.path("stateDirectory").asString();
        String run = report.path("runDirectory").asString();
        if (!awaitGone(client.socket(), 300)) {
            out.println("jnetd is still stopping; it removes " + state + " and " + run + " when it has stopped.");
        } else if (awaitGone(java.nio.file.Path.of(run), 50)) {
            out.println("jnetd has stopped and removed " + state + " and " + run + ".");
        } else {
            out.println("jnetd has stopped; files that are not jnet's stay in " + state + " or " + run
                    + " (jnetd's log names them).");
        }
        out.println("If jnetd runs as a service: systemctl disable jnetd && rm /etc/systemd/system/jnetd.service");
        out.flush();
        return 0;
    }

    private static String joined(Json values, String none) {
        List<String> all = new ArrayList<>();
        values.forEach(v -> all.add(v.asString()));
        return all.isEmpty() ? none : String.join(", ", all);
    }

    /** Waits up to {@code tenths} tenths of a second for {@code path} to go. */
    private static boolean awaitGone(java.nio.file.Path path, int tenths) {
        for (int i = 0; i < tenths; i++) {
            if (!java.nio.file.Files.exists(path)) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
