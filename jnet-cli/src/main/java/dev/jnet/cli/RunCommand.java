package dev.jnet.cli;

import dev.jnet.cli.client.JnetClient;
import dev.jnet.cli.client.SandboxCreate;
import dev.jnet.cli.run.SandboxProcess;
import dev.jnet.cli.run.SandboxView;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.ffi.Libc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.jnet.cli.json.Json;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jnet run}: a command in the foreground, in a new sandbox that is removed when it ends. */
@Command(name = "run", description = {"Run a command inside a new sandbox, in the foreground.",
        "jnet creates a sandbox, connects it to each --network in order (default: bridge), and runs the command "
                + "in the sandbox's network namespace with jnet's standard input, output and error; the sandbox's "
                + "hosts, resolv.conf and host name are bind-mounted in a private mount namespace. SIGTERM sent to jnet "
                + "is passed on to the command, and SIGINT and SIGHUP too unless jnet runs in the foreground of a "
                + "terminal (the terminal already sends those to the command). When the command ends, the sandbox is "
                + "removed (unless --keep) and jnet exits with the command's status. If jnet is killed, the command keeps its "
                + "network, and jnetd removes the sandbox when the command ends.",
        "Needs root (it enters the namespace), on the machine where jnetd runs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"N:the command's own exit status (128+S when signal S ended it)",
                "125:jnet itself failed (jnetd's error, set-up, namespace)",
                "126:the command cannot be run (not executable)",
                "127:the command was not found"})
final class RunCommand implements Callable<Integer> {
    static final int FAILED = 125;
    static final int NOT_EXECUTABLE = 126;
    static final int NOT_FOUND = 127;

    @Mixin
    HelpOption help;

    @Mixin
    SandboxOptions sandbox;

    @Option(names = "--network", paramLabel = "NETWORK", converter = NetworkAttachment.Converter.class,
            completionCandidates = Candidates.Networks.class,
            description = {"Connect to this network (repeatable, in order; default: bridge): a name, or "
                    + "name=NET,ip=IP,ip6=IP,alias=NAME,mac-address=MAC,driver-opt=K=V. 'host' runs the command in the "
                    + "host's namespace."})
    List<NetworkAttachment> networks = new ArrayList<>();

    @Option(names = "--ip", paramLabel = "IPV4", converter = Addresses.AddressConverter.class,
            description = "Static IPv4 address on the first network.")
    InetAddress ipv4;

    @Option(names = "--ip6", paramLabel = "IPV6", converter = Addresses.AddressConverter.class,
            description = "Static IPv6 address on the first network.")
    InetAddress ipv6;

    @Option(names = {"--alias", "--network-alias"}, paramLabel = "NAME",
            description = "Another name for the sandbox on the first network (repeatable).")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--mac-address", paramLabel = "MAC", description = "MAC address on the first network.")
    String mac;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOSTPORT[-END]:]PORT[-END][/PROTO]",
            description = {"Publish a port of the sandbox on the host, through the first network (repeatable), as "
                    + "docker's -p: 8080:80, 127.0.0.1:5353:53/udp, 9000-9002:7000-7002, or 80 for a free host port."})
    List<String> ports = new ArrayList<>();

    @Option(names = "--keep", description = "Keep the sandbox when the command ends (remove it later with 'jnet sandbox rm').")
    boolean keep;

    @Mixin
    EnvOptions env;

    @Option(names = "--rm", description = "Remove the sandbox when the command ends (what jnet run always does unless --keep).")
    boolean remove;

    @Option(names = {"-i", "--interactive"}, description = "Accepted, as docker's: the command always has jnet's standard input.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Accepted, as docker's: the command has jnet's terminal when jnet runs in one.")
    boolean tty;

    @Option(names = {"-d", "--detach"}, description = "Not supported: jnet run keeps no command running without jnet (see --help).")
    boolean detach;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments ('--' before it is optional).")
    List<String> command;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (detach) {
            throw new CommandLine.ParameterException(spec.commandLine(), "jnet run -d is not supported: jnetd runs no "
                    + "commands, and a command jnet started would die with it; run it in the background with --keep "
                    + "(jnet run --keep ... &), or make a sandbox (jnet sandbox create) and start the command in its "
                    + "namespace (nsenter --net=NAMESPACE), as docker-less runtimes do");
        }
        if (remove && keep) {
            throw new CommandLine.ParameterException(spec.commandLine(), "conflicting options: --rm and --keep");
        }
        Map<String, String> variables = env.resolve(spec.commandLine(), System.getenv());
        List<NetworkAttachment> attachments = attachments();
        PrintWriter err = spec.commandLine().getErr();
        if (Libc.geteuid() != 0) {
            return fail(err, FAILED, "jnet run needs root: it enters the sandbox's network namespace");
        }
        try {
            SandboxProcess.checkRunnable(command);
        } catch (JnetException e) {
            return fail(err, e.kind() == ErrorKind.FORBIDDEN ? NOT_EXECUTABLE : NOT_FOUND, e.getMessage());
        }
        JnetClient client = Main.client(spec);
        try (SandboxProcess process = SandboxProcess.prepare(Terminal.stdinIsTerminal())) {
            SandboxSetup.Created setUp;
            try {
                // Owned by this process, unless --keep, until the command runs; then by the command (see
                // handOver). If jnet is killed, or jnetd is down when the command ends, jnetd removes the
                // sandbox itself once its owner is gone.
                SandboxCreate request = sandbox.request(spec.commandLine(), SandboxSetup.hostNetwork(attachments));
                setUp = SandboxSetup.create(spec.commandLine(), client,
                        keep ? request : request.ownedBy(ProcessHandle.current().pid()), attachments);
            } catch (JnetException e) {
                return fail(err, FAILED, e.getMessage());
            }
            Json created = setUp.sandbox();
            String id = created.path("id").asString();
            try {
                if (process.signalDuringSetup() != 0) {
                    return 128 + process.signalDuringSetup();
                }
                printRandomPorts(setUp.endpoints(), err);
                return process.run(view(created), command, variables, pid -> handOver(client, id, pid));
            } catch (JnetException e) {
                int code = switch (e.kind()) {
                    case NOT_FOUND -> NOT_FOUND;
                    case FORBIDDEN -> NOT_EXECUTABLE;
                    default -> FAILED;
                };
                return fail(err, code, e.getMessage() + (code == FAILED ? " (jnet run must run as root on jnetd's machine)" : ""));
            } finally {
                finish(client, id, err);
            }
        }
    }

    /** The --network list with --ip, --ip6, --alias and --mac-address merged into the first entry. */
    List<NetworkAttachment> attachments() {
        List<NetworkAttachment> all = new ArrayList<>(networks.isEmpty() ? List.of(NetworkAttachment.named("bridge")) : networks);
        boolean flags = ipv4 != null || ipv6 != null || !aliases.isEmpty() || mac != null;
        if (flags) {
            NetworkAttachment first = all.getFirst();
            if (first.hasSettings()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "conflicting options: --ip, --ip6, --alias "
                        + "and --mac-address cannot be combined with settings in --network name=" + first.network() + ",...");
            }
            all.set(0, new NetworkAttachment(first.network(), ipv4, ipv6, aliases, mac, List.of()));
        }
        if (!ports.isEmpty()) {
            all.set(0, all.getFirst().withPorts(ports));
        }
        return all;
    }

    /** Host ports jnet chose (-p 80, or a range), as docker prints them for a container started with -P. */
    private void printRandomPorts(List<Json> endpoints, PrintWriter err) {
        boolean random = ports.stream().anyMatch(p -> !p.contains(":"));
        if (!random) {
            return;
        }
        for (Json endpoint : endpoints) {
            for (Json port : endpoint.path("ports")) {
                err.println("jnet: published " + port.path("containerPort").asInt() + "/" + port.path("protocol").asString()
                        + " on " + port.path("hostIp").asString("0.0.0.0") + ":" + port.path("hostPort").asInt());
            }
        }
        err.flush();
    }

    /**
     * Gives the sandbox to the command once it runs, so that a jnet killed with SIGKILL does not take the
     * network from a command that still runs. If that fails (the command already ended, say), jnet stays
     * the owner, which is safe.
     */
    private void handOver(JnetClient client, String id, long pid) {
        if (keep) {
            return;
        }
        try {
            client.setSandboxOwner(id, pid);
        } catch (JnetException e) {
            // jnet remains the owner and removes the sandbox itself when the command ends
        }
    }

    private void finish(JnetClient client, String id, PrintWriter err) {
        if (keep) {
            if (sandbox.name == null) {
                err.println("jnet: kept sandbox " + Listing.shortId(id));
                err.flush();
            }
            return;
        }
        try {
            client.removeSandbox(id);
        } catch (JnetException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return; // jnetd removed it already: its owner, the command, had ended
            }
            err.println("jnet: could not remove sandbox " + Listing.shortId(id) + ": " + e.getMessage());
            err.flush();
        }
    }

    private static SandboxView view(Json sandbox) {
        return new SandboxView(Listing.shortId(sandbox.path("id").asString()),
                Path.of(sandbox.path("namespace").asString()), sandbox.path("hostNetwork").asBoolean(),
                sandbox.path("hostname").asString(""), path(sandbox.path("hostsPath")), path(sandbox.path("resolvConfPath")));
    }

    private static Path path(Json text) {
        return text.isString() && !text.asString().isEmpty() ? Path.of(text.asString()) : null;
    }

    private static int fail(PrintWriter err, int code, String message) {
        err.println("jnet: " + message);
        err.flush();
        return code;
    }
}
