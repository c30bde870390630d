package dev.jnet.cli;

import dev.jnet.kernel.ffi.Libc;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The jnet command against a real jnetd (bin/jnet and bin/jnetd, as a user runs them). jnetd runs inside a
 * throwaway host namespace; every network, sandbox and process lives there or in namespaces it makes.
 * Skips until the daemon's launcher exists.
 */
@ExtendWith(NetnsExtension.class)
class EndToEndIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The JDK running the tests: the sandboxed programs below are single-file Java sources. */
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    /** A TCP server that answers one line, then ends; it says "listening" once it can be reached. */
    static final String SERVER = """
            import java.io.*; import java.net.*; import java.nio.file.*;
            class Server {
                public static void main(String[] a) throws Exception {
                    try (ServerSocket s = new ServerSocket(7000)) {
                        System.out.println("listening");
                        try (Socket c = s.accept()) {
                            String line = new BufferedReader(new InputStreamReader(c.getInputStream())).readLine();
                            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
                            c.getOutputStream().write(("hello " + line + " from " + host + "\\n").getBytes());
                            System.out.println("served " + c.getInetAddress().getHostAddress());
                        }
                    }
                }
            }
            """;
    static final String CLIENT = """
            import java.io.*; import java.net.*;
            class Client {
                public static void main(String[] a) throws Exception {
                    try (Socket c = new Socket()) {
                        c.connect(new InetSocketAddress("10.77.0.10", 7000), Integer.parseInt(a[0]));
                        c.getOutputStream().write("client\\n".getBytes());
                        System.out.println(new BufferedReader(new InputStreamReader(c.getInputStream())).readLine());
                    }
                }
            }
            """;
    /** Says "ready", then waits; SIGTERM ends it with status 42 (a shutdown hook may halt with any status). */
    static final String WAITER = """
            class Waiter {
                public static void main(String[] a) throws Exception {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> Runtime.getRuntime().halt(42)));
                    System.out.println("ready");
                    Thread.sleep(60_000);
                }
            }
            """;

    @TempDir
    Path dir;
    JnetdFixture jnetd;
    /** jnetd's fake host namespace. */
    ThrowawayNs host;

    @BeforeEach
    void startJnetd(ThrowawayNs host) throws Exception {
        this.host = host;
        host.exec("sysctl", "-qw", "net.ipv4.ip_forward=0"); // as on a host that did not forward before jnet
        assumeTrue(Files.isExecutable(JnetdFixture.JNETD), "waits for the daemon: " + JnetdFixture.JNETD + " does not exist yet");
        assumeTrue(Libc.geteuid() == 0, "needs root: jnetd makes namespaces and links");
        jnetd = JnetdFixture.start(dir, host);
        jnetd.ok("network", "create", "--subnet", "10.77.0.0/24", "--gateway", "10.77.0.1", "--label", "suite=cli", "web");
    }

    @AfterEach
    void stopJnetd() {
        if (jnetd != null) {
            jnetd.close();
        }
    }

    /** Writes a single-file Java program into the test directory and returns its path. */
    String source(String name, String code) throws java.io.IOException {
        return Files.writeString(dir.resolve(name + ".java"), code).toString();
    }

    @Test
    void lsFiltersAsTheDockerApiDoesWithRegularExpressionsTypesAndDangling() throws Exception {
        jnetd.ok("network", "create", "web2");
        assertThat(names(jnetd.ok("network", "ls", "--filter", "name=^we"))).containsExactly("web", "web2");
        assertThat(names(jnetd.ok("network", "ls", "-f", "type=builtin"))).containsExactly("bridge", "host", "none");
        assertThat(names(jnetd.ok("network", "ls", "-f", "dangling=true", "-f", "label=suite=cli"))).containsExactly("web");
        JnetdFixture.Run unknown = jnetd.jnet("network", "ls", "-f", "colour=blue");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("jnet: invalid filter 'colour'\n");
        assertThat(jnetd.ok("network", "prune", "-f", "--filter", "until=1h")).as("none is an hour old").isEmpty();
        assertThat(jnetd.ok("network", "prune", "-f", "--filter", "label!=suite")).isEqualTo("Deleted Networks:\nweb2\n");
    }

    private static java.util.List<String> names(String table) {
        return table.lines().skip(1).map(l -> l.split(" +")[1]).toList();
    }

    @Test
    void formatTemplatesPrintWhatTheDockerClientPrintsForTheSameNetworks() throws Exception {
        Path docker = Path.of("/usr/local/bin/docker");
        assumeTrue(Files.isExecutable(docker), "needs the stock docker client at " + docker);
        jnetd.ok("network", "create", "--subnet", "10.78.0.0/24", "--internal", "--label", "team=a", "db2");
        String dockerSocket = "unix://" + jnetd.socket.resolveSibling("docker.sock");
        for (String[] command : java.util.List.of(
                new String[] {"network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}} {{.Internal}} {{.IPv6}}"},
                new String[] {"network", "ls", "--format", "table {{.Name}}\\t{{.Driver}}\\t{{.Labels}}"},
                new String[] {"network", "ls", "--filter", "name=^d", "--format", "{{.ID}} {{upper .Name}}"},
                new String[] {"network", "inspect", "-f",
                        "{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{.Internal}} {{json .Labels}}",
                        "web", "db2"},
                new String[] {"network", "inspect", "--format", "{{index .Labels \"suite\"}} {{len .Containers}}", "web"},
                new String[] {"network", "inspect", "-f", "{{(index .IPAM.Config 0).Subnet}} {{json .Options}}", "db2"},
                new String[] {"network", "inspect", "-f", "{{printf \"%-8s|%6.2f|%+d|%05d|%.2s|%x|%t|%8q|%d\" .Name 3.14159 7 "
                        + "42 .Driver .Name .Internal .Name .Name}} {{and .Internal (index .Labels \"x\")}} "
                        + "{{or .Name (index .IPAM.Config 5)}} {{or .Attachable .Internal}}", "web", "db2"})) {
            JnetdFixture.Run jnet = jnetd.jnet(command);
            Process p = new ProcessBuilder(concat(java.util.List.of(docker.toString(), "-H", dockerSocket), command))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String dockerOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String dockerErr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(dockerErr).isZero();
            assertThat(jnet.exitCode()).as(jnet.err()).isZero();
            assertThat(jnet.out()).as(String.join(" ", command)).isEqualTo(dockerOut);
        }
    }

    private static java.util.List<String> concat(java.util.List<String> first, String[] rest) {
        java.util.List<String> all = new java.util.ArrayList<>(first);
        all.addAll(java.util.List.of(rest));
        return all;
    }

    @Test
    void lsListsNetworksInDockersNaturalOrder() throws Exception {
        jnetd.ok("network", "create", "net10");
        jnetd.ok("network", "create", "net2");
        assertThat(names(jnetd.ok("network", "ls"))).containsExactly("bridge", "host", "net2", "net10", "none", "web");
    }

    @Test
    void pruneReadsItsAnswerFromAPipeAsDockersDoes() throws Exception {
        JnetdFixture.Run none = jnetd.jnetWithInput("", "network", "prune");
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).endsWith("Are you sure you want to continue? [y/N] ");
        JnetdFixture.Run no = jnetd.jnetWithInput("n\n", "network", "prune");
        assertThat(no.exitCode()).isZero();
        assertThat(jnetd.ok("network", "ls", "--format", "json")).as("nothing pruned").contains("\"web\"");

        JnetdFixture.Run yes = jnetd.jnetWithInput("y\n", "network", "prune");
        assertThat(yes.exitCode()).as(yes.err()).isZero();
        assertThat(yes.out()).endsWith("[y/N] Deleted Networks:\nweb\n");
        assertThat(jnetd.ok("network", "ls", "--format", "json")).doesNotContain("\"web\"");
    }

    @Test
    void networkAndSandboxCommandsManageRealNetworks() throws Exception {
        assertThat(jnetd.ok("network", "ls")).containsPattern("(?m)^[0-9a-f]{12}   web +bridge +local$")
                .contains("bridge", "host", "none");
        JsonNode web = JSON.readTree(jnetd.ok("network", "inspect", "web")).get(0);
        assertThat(web.path("ipam").path("ipv4").get(0).path("gateway").asString()).isEqualTo("10.77.0.1");
        assertThat(web.path("labels").path("suite").asString()).isEqualTo("cli");

        String id = jnetd.ok("sandbox", "create", "--name", "box", "--dns", "192.0.2.53").strip();
        assertThat(id).matches("[0-9a-f]{64}");
        jnetd.ok("network", "connect", "--ip", "10.77.0.5", "--alias", "db", "web", "box");
        assertThat(jnetd.ok("sandbox", "ls")).containsPattern("(?m)^" + id.substring(0, 12) + " +box +web +10\\.77\\.0\\.5$");

        String namespace = JSON.readTree(jnetd.ok("sandbox", "inspect", "box")).get(0).path("namespace").asString();
        assertThat(JnetdFixture.read(new ProcessBuilder("nsenter", "--net=" + namespace, "ip", "-o", "-4", "addr", "show", "eth0")
                .start().getInputStream())).contains("inet 10.77.0.5/24");

        JnetdFixture.Run busy = jnetd.jnet("network", "rm", "web", "nope");
        assertThat(busy.exitCode()).isEqualTo(1);
        assertThat(busy.err()).contains("jnet: ").contains("nope");
        jnetd.ok("network", "disconnect", "web", "box");
        assertThat(jnetd.ok("sandbox", "rm", "box")).isEqualTo("box\n");
        assertThat(jnetd.ok("network", "rm", "web")).isEqualTo("web\n");
        assertThat(jnetd.ok("sandbox", "ls", "-q")).isEmpty();
    }

    @Test
    void runShowsTheCommandItsInterfaceWithItsAddressAndRemovesTheSandbox() throws Exception {
        JnetdFixture.Run run = jnetd.jnet("run", "--network", "web", "--ip", "10.77.0.20", "--", "ip", "-j", "addr", "show");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode eth0 = null;
        for (JsonNode link : JSON.readTree(run.out())) {
            if (link.path("ifname").asString().equals("eth0")) {
                eth0 = link;
            }
        }
        assertThat(eth0).as(run.out()).isNotNull();
        assertThat(eth0.path("addr_info").get(0).path("local").asString()).isEqualTo("10.77.0.20");
        assertThat(jnetd.ok("sandbox", "ls", "-q")).isEmpty();
    }

    @Test
    void runTakesDockersEnvironmentAndTerminalFlagsAndNamesTheHostPortsItChose() throws Exception {
        Path envFile = dir.resolve("env");
        Files.writeString(envFile, "# comment\n\nFROM_FILE=file value\nOVERRIDDEN=file\nJNET_TEST_OWN\n");
        ProcessBuilder builder = new ProcessBuilder(JnetdFixture.JNET.toString(), "--socket", jnetd.socket.toString(), "run",
                "-it", "--rm", "--env-file", envFile.toString(), "-e", "OVERRIDDEN=flag", "-e", "ONE=1", "-p", "80", "--",
                "sh", "-c", "echo \"$FROM_FILE|$OVERRIDDEN|$ONE|$JNET_TEST_OWN\"");
        builder.environment().put("JNET_TEST_OWN", "from jnet");
        Process p = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isZero();
        assertThat(out).isEqualTo("file value|flag|1|from jnet\n");
        assertThat(err).matches("(?s)jnet: published 80/tcp on 0\\.0\\.0\\.0:\\d+\n.*");
        assertThat(jnetd.ok("sandbox", "ls", "-q")).as("--rm: removed").isEmpty();

        JnetdFixture.Run detached = jnetd.jnet("run", "-d", "--", "true");
        assertThat(detached.exitCode()).isEqualTo(2);
        assertThat(detached.err()).contains("jnet run -d is not supported");
        JnetdFixture.Run both = jnetd.jnet("run", "--rm", "--keep", "--", "true");
        assertThat(both.err()).contains("conflicting options: --rm and --keep");
        JnetdFixture.Run badFile = jnetd.jnet("run", "--env-file", dir.resolve("nope").toString(), "--", "true");
        assertThat(badFile.exitCode()).isEqualTo(2);
        assertThat(badFile.err()).contains("--env-file " + dir.resolve("nope") + ": cannot read it");
    }

    @Test
    void completionOffersTheNetworksSandboxesAndDriversJnetdHasAndEachOptionsWords() throws Exception {
        jnetd.ok("sandbox", "create", "--name", "comp-box");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path wrapper = Files.writeString(bin.resolve("jnet"), "#!/bin/sh\nexec " + JnetdFixture.JNET + " --socket "
                + jnetd.socket + " \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        Path script = Files.writeString(dir.resolve("completion.bash"), jnetd.ok("generate-completion"));
        for (String[] asked : new String[][] {{"network rm w", "web"}, {"sandbox inspect comp", "comp-box"},
                {"network connect web ", "comp-box"}, {"port c", "comp-box"}, {"run --network w", "web"},
                {"sandbox create --network w", "web"}, {"network create -d b", "bridge"},
                {"network ls --filter type=c", "type=custom"}, {"network ls --format j", "json"},
                {"network inspect --format d", "docker"}, {"events --filter type=s", "type=sandbox"},
                {"network prune --filter u", "until="}, {"doctor --format t", "table"}}) {
            String[] words = (asked[0].endsWith(" ") ? asked[0] + "''" : asked[0]).split(" ");
            boolean topLevel = java.util.Set.of("port", "run", "events", "doctor").contains(words[0]);
            String function = "_picocli_jnet_" + String.join("_", java.util.Arrays.copyOfRange(words, 0, topLevel ? 1 : 2));
            String probe = "source " + script + "; COMP_WORDS=(jnet " + String.join(" ", words) + "); COMP_CWORD="
                    + words.length + "; " + function + "; printf '%s\\n' \"${COMPREPLY[@]}\"";
            ProcessBuilder bash = new ProcessBuilder("bash", "-c", probe);
            bash.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process p = bash.redirectErrorStream(true).start();
            String offered = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(offered.lines().toList()).as(asked[0]).contains(asked[1]);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aRunKilledWithSigkillLeavesItsCommandItsNetworkUntilTheCommandEndsAndThenNothing() throws Exception {
        Process run = jnetd.launch("run", "--name", "victim", "--network", "web", "--", "sh", "-c", "echo ready; sleep 60");
        List<ProcessHandle> children = new java.util.ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            long command = run.toHandle().children().findFirst().orElseThrow().pid();
            String owner = "";
            for (int i = 0; i < 100 && !owner.equals(command + "\n"); i++) {
                Thread.sleep(50);
                owner = jnetd.ok("sandbox", "inspect", "victim", "--format", "{{.ownerPid}}");
            }
            assertThat(owner).as("jnet run hands the sandbox to its command").isEqualTo(command + "\n");
            JnetdFixture.Run taken = jnetd.jnet("sandbox", "create", "--name", "victim");
            assertThat(taken.err()).contains("sandbox name victim is already in use (by a sandbox that lives for pid "
                    + command + ", jnet run's or its command's, removed when that process ends; or now with: jnet sandbox rm victim)");
            run.toHandle().descendants().forEach(children::add);
            run.destroyForcibly(); // SIGKILL: jnet cannot remove the sandbox itself
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(3 * 2000); // more than one round of jnetd's owner watch
            assertThat(ProcessHandle.of(command).map(ProcessHandle::isAlive)).contains(true);
            assertThat(jnetd.ok("sandbox", "ls", "--format", "{{.Name}}")).as("the command still runs").isEqualTo("victim\n");
            children.forEach(ProcessHandle::destroyForcibly);
            String left = "victim\n";
            for (int i = 0; i < 100 && left.contains("victim"); i++) {
                Thread.sleep(100);
                left = jnetd.ok("sandbox", "ls", "--format", "{{.Name}}");
            }
            assertThat(left).as("jnetd removed the sandbox once the command of the killed jnet run ended").isEmpty();
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
            run.destroyForcibly();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void systemUninstallAsksThenRemovesEverythingAndJnetdEndsWithStatusZero() throws Exception {
        jnetd.ok("sandbox", "create", "--name", "left", "--network", "web");
        JnetdFixture.Run declined = jnetd.jnetWithInput("n\n", "system", "uninstall");
        assertThat(declined.out()).startsWith(SystemCommand.UNINSTALL_WARNING + "\nAre you sure you want to continue? [y/N] ");
        assertThat(jnetd.ok("sandbox", "ls", "--format", "{{.Name}}")).as("a no changes nothing").isEqualTo("left\n");

        String out = jnetd.ok("system", "uninstall", "-f");
        assertThat(out).isEqualTo("Removed sandboxes: left\nRemoved networks: bridge, host, none, web\n"
                + "Restored: net.ipv4.ip_forward: 1 -> 0\n"
                + "jnetd has stopped and removed " + jnetd.stateDir + " and " + jnetd.runDir + ".\n"
                + "If jnetd runs as a service: systemctl disable jnetd && rm /etc/systemd/system/jnetd.service\n");
        assertThat(jnetd.exitWithin(30)).as(jnetd.log()).hasValue(0);
        assertThat(host.exec("ip", "-d", "link").stdout()).doesNotContain("alias jnet:");
        assertThat(host.exec("nft", "list", "tables").stdout()).doesNotContain("jnet");
        assertThat(Files.exists(jnetd.stateDir)).isFalse();
        assertThat(Files.exists(jnetd.runDir)).isFalse();
        assertThat(host.exec("sysctl", "-n", "net.ipv4.ip_forward").stdout()).isEqualTo("0\n");
        JnetdFixture.Run after = jnetd.jnet("network", "ls");
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.err()).contains("cannot connect to jnetd");
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void eventsPrintsWhatHappenedAndThenWhatHappensAsDockerEventsDoes() throws Exception {
        String past = jnetd.ok("events", "--since", "1h", "--until", "0s", "--filter", "type=network");
        assertThat(past).matches("(?s)\\S+Z network create [0-9a-f]{64} \\(name=web, type=bridge\\)\n");

        Process live = jnetd.launch("events", "--format", "{{.type}} {{.action}} {{.actor.name}}");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(live.getInputStream(), StandardCharsets.UTF_8));
            Thread.sleep(1500); // the stream is open before the change
            jnetd.ok("sandbox", "create", "--name", "watched", "--network", "web");
            assertThat(out.readLine()).isEqualTo("sandbox create watched");
            assertThat(out.readLine()).isEqualTo("network connect web");
        } finally {
            live.destroy();
            assertThat(live.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void portListsASandboxsPublishedPortsAsDockerPortAndLsShowsThem() throws Exception {
        jnetd.ok("sandbox", "create", "--name", "pub");
        jnetd.ok("network", "connect", "-p", "8080:80", "-p", "5353:53/udp", "web", "pub");
        assertThat(jnetd.ok("port", "pub")).isEqualTo("80/tcp -> 0.0.0.0:8080\n53/udp -> 0.0.0.0:5353\n");
        assertThat(jnetd.ok("port", "pub", "80")).isEqualTo("0.0.0.0:8080\n");
        assertThat(jnetd.ok("port", "pub", "53/udp")).isEqualTo("0.0.0.0:5353\n");
        JnetdFixture.Run none = jnetd.jnet("port", "pub", "81");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("jnet: no public port '81/tcp' published for pub\n");
        assertThat(jnetd.ok("sandbox", "ls", "--format", "{{.Name}} {{.Ports}}"))
                .isEqualTo("pub 0.0.0.0:8080->80/tcp, 0.0.0.0:5353->53/udp\n");
        assertThat(jnetd.ok("sandbox", "ls").lines().findFirst().orElseThrow()).endsWith("PORTS");
    }

    @Test
    void runOnTheHostNetworkSharesJnetdsNamespace() throws Exception {
        JnetdFixture.Run run = jnetd.jnet("run", "--network", "host", "--", "ip", "-o", "link", "show");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // jnet0 is the predefined bridge network's bridge: it exists only in the fake host jnetd runs in.
        assertThat(run.out()).contains(": jnet0:");
        assertThat(jnetd.ok("sandbox", "ls", "-q")).isEmpty();
    }

    @Test
    void aServerAndAClientInTwoRunsTalkAndASandboxOnAnotherNetworkCannot() throws Exception {
        Process server = jnetd.launch("run", "--name", "server", "--hostname", "srv", "--network", "web", "--ip", "10.77.0.10",
                "--", JAVA, source("Server", SERVER));
        try (BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(serverOut.readLine()).isEqualTo("listening");
            jnetd.ok("network", "create", "--subnet", "10.78.0.0/24", "other");
            JnetdFixture.Run outsider = jnetd.jnet("run", "--network", "other", "--", JAVA, source("Client", CLIENT), "2000");
            assertThat(outsider.exitCode()).as("a sandbox on another network must not reach the server").isNotZero();
            JnetdFixture.Run client = jnetd.jnet("run", "--network", "web", "--", JAVA, source("Client", CLIENT), "10000");
            assertThat(client.exitCode()).as(client.err()).isZero();
            assertThat(client.out()).isEqualTo("hello client from srv\n");
            assertThat(serverOut.readLine()).startsWith("served 10.77.0.");
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
        } finally {
            server.destroyForcibly();
        }
        assertThat(jnetd.ok("sandbox", "ls", "-q")).isEmpty();
    }

    @Test
    void runPublishesAPortThatTheHostReachesAtLocalhostAndInspectShowsIt() throws Exception {
        host.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
        Process server = jnetd.launch("run", "--name", "server", "--hostname", "srv", "--network", "web", "--ip", "10.77.0.10",
                "-p", "127.0.0.1:8080:7000", "--", JAVA, source("Server", SERVER));
        try (BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(serverOut.readLine()).isEqualTo("listening");
            JsonNode ports = JSON.readTree(jnetd.ok("sandbox", "inspect", "server")).get(0).path("endpoints").get(0).path("ports");
            assertThat(ports.toString()).isEqualTo("[{\"protocol\":\"tcp\",\"containerPort\":7000,\"hostIp\":\"127.0.0.1\",\"hostPort\":8080}]");
            jnetd.ok("sandbox", "create", "--name", "other");
            JnetdFixture.Run taken = jnetd.jnet("network", "connect", "-p", "8080:80", "web", "other");
            assertThat(taken.exitCode()).isEqualTo(1);
            assertThat(taken.err()).contains("host port 0.0.0.0:8080/tcp is already published");
            String reply = host.call(() -> {
                try (java.net.Socket c = new java.net.Socket("127.0.0.1", 8080)) {
                    c.getOutputStream().write("host\n".getBytes());
                    return new BufferedReader(new InputStreamReader(c.getInputStream())).readLine();
                }
            });
            assertThat(reply).isEqualTo("hello host from srv");
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void aCommandFindsAnotherSandboxByNameThroughTheEmbeddedResolver() throws Exception {
        jnetd.ok("sandbox", "create", "--name", "db", "--network", "name=web,ip=10.77.0.30,alias=store");

        JnetdFixture.Run run = jnetd.jnet("run", "--network", "web", "--", "sh", "-c",
                "cat /etc/resolv.conf; getent hosts db; getent hosts store");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("nameserver 127.0.0.11").containsPattern("10\\.77\\.0\\.30\\s+db")
                .containsPattern("10\\.77\\.0\\.30\\s+store");
    }

    @Test
    void aCommandRunningAsAnotherUserReadsItsHostsAndResolvConfThoughJnetdsStateIsRootsAlone() throws Exception {
        JnetdFixture.Run run = jnetd.jnet("run", "--hostname", "plain", "--network", "web", "--ip", "10.77.0.40", "--",
                "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c",
                "id -u; cat /etc/hosts /etc/resolv.conf; cat " + dir.resolve("state/jnet.db") + " 2>&1");
        assertThat(run.exitCode()).as(run.err()).isNotZero(); // the last cat: the store is not the command's to read
        assertThat(run.out()).startsWith("65534\n").containsPattern("10\\.77\\.0\\.40\\s+plain")
                .contains("nameserver 127.0.0.11").contains("Permission denied");
    }

    @Test
    void theCommandsExitStatusIsJnetsAndJnetsOwnFailuresAre125To127() throws Exception {
        assertThat(jnetd.jnet("run", "--network", "web", "--", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
        JnetdFixture.Run missing = jnetd.jnet("run", "--network", "web", "--", "no-such-command-jnet");
        assertThat(missing.exitCode()).isEqualTo(127);
        JnetdFixture.Run noNetwork = jnetd.jnet("run", "--network", "nowhere", "--", "true");
        assertThat(noNetwork.exitCode()).isEqualTo(125);
        assertThat(noNetwork.err()).startsWith("jnet: ").contains("nowhere");
        assertThat(jnetd.ok("sandbox", "ls", "-q")).isEmpty();
    }

    @Test
    void keepLeavesTheSandboxForLater() throws Exception {
        assertThat(jnetd.jnet("run", "--keep", "--name", "kept", "--network", "web", "--", "true").exitCode()).isZero();
        assertThat(jnetd.ok("sandbox", "ls", "--filter", "name=kept")).contains("kept", "web");
        assertThat(jnetd.ok("sandbox", "rm", "kept")).isEqualTo("kept\n");
    }

    @Test
    void sigtermSentToJnetReachesTheCommandAndTheSandboxIsStillRemoved() throws Exception {
        Process run = jnetd.launch("run", "--network", "web", "--", JAVA, source("Waiter", WAITER));
        try {
            assertThat(new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8)).readLine())
                    .isEqualTo("ready");
            run.destroy(); // SIGTERM to jnet's own JVM (bin/jnet execs java)
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).isEqualTo(42);
        } finally {
            run.destroyForcibly();
        }
        assertThat(jnetd.ok("sandbox", "ls", "-q")).isEmpty();
    }

    @Test
    void pruneRemovesOnlyUnusedMatchingNetworks() throws Exception {
        jnetd.ok("network", "create", "--label", "temp", "old");
        jnetd.ok("network", "create", "--label", "temp", "busy");
        jnetd.ok("sandbox", "create", "--name", "user", "--network", "busy");
        JnetdFixture.Run unasked = jnetd.jnet("network", "prune"); // standard input is /dev/null: a no
        assertThat(unasked.exitCode()).isZero();
        assertThat(unasked.out()).doesNotContain("Deleted");
        assertThat(jnetd.ok("network", "prune", "-f", "--filter", "label=temp")).isEqualTo("Deleted Networks:\nold\n");
        assertThat(jnetd.ok("network", "ls", "--format", "json")).contains("\"busy\"", "\"web\"").doesNotContain("\"old\"");
    }

    @Test
    void systemCommandsAndVersionTalkToTheDaemon() throws Exception {
        assertThat(jnetd.ok("system", "info")).contains("Server Version: ", "Networks: 4", "Drivers: ");
        assertThat(jnetd.ok("system", "reconcile")).contains("Networks recreated: 0");
        assertThat(jnetd.ok("version")).containsPattern("(?m)^jnetd \\S+ at " + jnetd.socket + "$");
        JnetdFixture.Run predefined = jnetd.jnet("network", "rm", "bridge");
        assertThat(predefined.exitCode()).isEqualTo(1);
        assertThat(predefined.err()).startsWith("jnet: ");
    }
}
