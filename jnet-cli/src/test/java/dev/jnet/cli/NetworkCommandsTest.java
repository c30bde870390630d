package dev.jnet.cli;

import dev.jnet.cli.client.FakeJnetd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    FakeJnetd jnetd;

    @BeforeEach
    void start() throws IOException {
        jnetd = FakeJnetd.start(dir, r -> switch (r.method() + " " + r.target().replaceFirst("\\?.*", "")) {
            case "GET /v1/networks" -> FakeJnetd.reply(200, "[" + Canned.BRIDGE + "," + Canned.WEB + "]");
            case "GET /v1/networks/web" -> FakeJnetd.reply(200, Canned.WEB);
            case "GET /v1/networks/bridge" -> FakeJnetd.reply(200, Canned.BRIDGE);
            case "POST /v1/networks" -> FakeJnetd.reply(201, Canned.WEB);
            case "DELETE /v1/networks/web" -> FakeJnetd.reply(204, "");
            case "DELETE /v1/networks/bridge" -> FakeJnetd.error(403, "network bridge is predefined and cannot be removed");
            case "POST /v1/networks/web/connect" -> FakeJnetd.reply(201, Canned.ENDPOINT);
            case "POST /v1/networks/web/disconnect" -> FakeJnetd.reply(204, "");
            case "POST /v1/networks/prune" -> FakeJnetd.reply(200, "{\"removed\":[\"old\",\"older\"]}");
            default -> FakeJnetd.error(404, "network " + r.target().replaceAll(".*/", "") + " not found");
        });
    }

    @AfterEach
    void stop() throws IOException {
        jnetd.close();
    }

    @Test
    void lsPrintsATableLikeDockers() {
        Jnet.Run run = Jnet.against(jnetd, "network", "ls");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                NETWORK ID     NAME      DRIVER    SCOPE
                9a8b7c6d5e4f   bridge    bridge    local
                3f1c2d4e5f60   web       bridge    local
                """);
    }

    @Test
    void lsQuietPrintsIdsAndJsonPrintsOneApiObjectPerLine() {
        assertThat(Jnet.against(jnetd, "network", "ls", "-q").out()).isEqualTo("9a8b7c6d5e4f\n3f1c2d4e5f60\n");
        assertThat(Jnet.against(jnetd, "network", "ls", "-q", "--no-trunc").out())
                .isEqualTo(Canned.BRIDGE_ID + "\n" + Canned.WEB_ID + "\n");
        List<String> lines = Jnet.against(jnetd, "network", "ls", "--format", "json").out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(1))).isEqualTo(JSON.readTree(Canned.WEB));
    }

    @Test
    void lsFormatsWithGoTemplatesAndTablesAsDocker() {
        assertThat(Jnet.against(jnetd, "network", "ls", "--format", "{{.Name}}:{{.ID}}:{{.IPv6}}:{{.Labels}}").out())
                .isEqualTo("bridge:9a8b7c6d5e4f:false:\nweb:3f1c2d4e5f60:true:team=a\n");
        assertThat(Jnet.against(jnetd, "network", "ls", "--format", "table {{.Name}}\\t{{.CreatedAt}}").out()).isEqualTo("""
                NAME      CREATED AT
                bridge    2026-11-28 10:00:00 +0000 UTC
                web       2026-11-28 10:00:00.123 +0000 UTC
                """);
        Jnet.Run bad = Jnet.against(jnetd, "network", "ls", "--format", "{{.Name");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("template parsing error: unclosed action");
        Jnet.Run failing = Jnet.against(jnetd, "network", "ls", "--format", "{{index .Name 3}}");
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.err()).isEqualTo("jnet: template: executing: error calling index: can't index item of type string\n");
        assertThat(jnetd.received()).hasSize(3);
    }

    @Test
    void lsSendsItsFiltersToJnetdAsDockerDoes() throws Exception {
        Jnet.Run run = Jnet.against(jnetd, "network", "ls", "-q", "-f", "label=team=a", "-f", "name=we", "-f", "name=^bri",
                "--filter", "dangling=true");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(filtersOf(jnetd.received().getFirst().target()))).isEqualTo(JSON.readTree("""
                {"label":{"team=a":true},"name":{"we":true,"^bri":true},"dangling":{"true":true}}"""));
        Jnet.Run bad = Jnet.against(jnetd, "network", "ls", "-f", "colour");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid filter 'colour': expected KEY=VALUE");
    }

    /** The {@code filters} query parameter of a request target, decoded. */
    static String filtersOf(String target) {
        assertThat(target).contains("?filters=");
        return java.net.URLDecoder.decode(target.substring(target.indexOf("?filters=") + 9), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void inspectPrintsAnIndentedArrayAndReportsWhatIsMissing() {
        Jnet.Run run = Jnet.against(jnetd, "network", "inspect", "web", "nope");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree("[" + Canned.WEB + "]"));
        assertThat(run.out()).startsWith("[\n    {\n        \"id\": \"" + Canned.WEB_ID + "\",");
        assertThat(run.err()).isEqualTo("jnet: network nope not found\n");

        Jnet.Run lines = Jnet.against(jnetd, "network", "inspect", "--format", "json", "web", "bridge");
        assertThat(lines.exitCode()).isZero();
        assertThat(lines.out().lines()).hasSize(2);
    }

    @Test
    void createSendsThePairedPoolsAndPrintsTheId() throws Exception {
        Jnet.Run run = Jnet.against(jnetd, "network", "create", "-d", "bridge",
                "--subnet", "10.1.0.0/24", "--subnet", "fd00:1::/64", "--subnet", "10.2.0.0/16",
                "--gateway", "10.2.0.1", "--gateway", "10.1.0.254", "--ip-range", "10.1.0.128/25",
                "--aux-address", "router=10.1.0.253", "--aux-address", "dns=fd00:1::53",
                "-o", "com.docker.network.driver.mtu=1400", "--label", "team=a", "--label", "temp",
                "--internal", "--attachable", "--ipv6", "web");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(Canned.WEB_ID + "\n");
        assertThat(JSON.readTree(jnetd.received().getFirst().body())).isEqualTo(JSON.readTree("""
                {"name":"web","driver":"bridge",
                 "ipv4":[{"subnet":"10.1.0.0/24","ipRange":"10.1.0.128/25","gateway":"10.1.0.254","auxAddresses":{"router":"10.1.0.253"}},
                         {"subnet":"10.2.0.0/16","gateway":"10.2.0.1"}],
                 "ipv6":[{"subnet":"fd00:1::/64","auxAddresses":{"dns":"fd00:1::53"}}],
                 "options":{"com.docker.network.driver.mtu":"1400"},"labels":{"team":"a","temp":""},
                 "internal":true,"attachable":true,"ipv6Enabled":true}"""));
    }

    @Test
    void createWithoutOptionsLeavesEverythingToJnetd() {
        Jnet.Run run = Jnet.against(jnetd, "network", "create", "web", "--ipv4=false");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(jnetd.received().getFirst().body()))
                .isEqualTo(JSON.readTree("{\"name\":\"web\",\"ipv4Enabled\":false}"));
    }

    @Test
    void createPrintsJnetdsWarningsOnStderrAndOnlyTheIdOnStdout() {
        String warned = Canned.WEB.substring(0, Canned.WEB.lastIndexOf('}'))
                + ",\"warnings\":[\"subnet 172.17.5.0/24 overlaps the host's route 172.17.0.0/16 dev docker0\"]}";
        jnetd.answer(r -> FakeJnetd.reply(201, warned));
        Jnet.Run run = Jnet.against(jnetd, "network", "create", "--subnet", "172.17.5.0/24", "web");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(Canned.WEB_ID + "\n");
        assertThat(run.err()).isEqualTo("WARNING: subnet 172.17.5.0/24 overlaps the host's route 172.17.0.0/16 dev docker0\n");

        jnetd.answer(r -> FakeJnetd.reply(201, Canned.WEB));
        assertThat(Jnet.against(jnetd, "network", "create", "web").err()).isEmpty();
    }

    @Test
    void aDaemonErrorIsPrintedAsJnetMessageWithExitCode1() {
        jnetd.answer(r -> FakeJnetd.error(409, "network name web is already in use"));
        Jnet.Run run = Jnet.against(jnetd, "network", "create", "web");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("jnet: network name web is already in use\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void rmRemovesEachReportsEachFailureAndExits1IfAnyFailed() {
        Jnet.Run run = Jnet.against(jnetd, "network", "rm", "web", "nope", "bridge");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("web\n");
        assertThat(run.err()).isEqualTo("jnet: network nope not found\njnet: network bridge is predefined and cannot be removed\n");
        assertThat(Jnet.against(jnetd, "network", "rm", "web").exitCode()).isZero();
    }

    @Test
    void theSocketCanBeGivenAfterTheCommandOrAsDockersHost() {
        String socket = jnetd.socket().toString();
        for (String[] args : List.of(new String[] {"network", "ls", "--socket", socket},
                new String[] {"network", "ls", "--socket=" + socket},
                new String[] {"-H", "unix://" + socket, "network", "ls"},
                new String[] {"network", "ls", "--host", "unix://" + socket},
                new String[] {"--socket", socket, "network", "ls", "-H", socket})) {
            Jnet.Run run = Jnet.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
            assertThat(run.out()).as(String.join(" ", args)).contains("web");
        }
    }

    @Test
    void aSocketThatIsNotUnixOrTwoDifferentOnesAreUsageErrors() {
        Jnet.Run tcp = Jnet.run("-H", "tcp://127.0.0.1:2375", "network", "ls");
        assertThat(tcp.exitCode()).isEqualTo(2);
        assertThat(tcp.err()).contains("jnet talks to jnetd over its Unix socket only: give unix:///PATH, not 'tcp://127.0.0.1:2375'");
        Jnet.Run two = Jnet.run("--socket", jnetd.socket().toString(), "network", "ls", "-H", "unix:///tmp/other.sock");
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("name different sockets");
        assertThat(jnetd.received()).isEmpty();
    }

    @Test
    void rmWithForceTakesAMissingNetworkAsRemovedAndStillReportsOtherFailures() {
        Jnet.Run run = Jnet.against(jnetd, "network", "rm", "-f", "web", "nope");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("web\n");
        assertThat(run.err()).isEmpty();

        Jnet.Run predefined = Jnet.against(jnetd, "network", "rm", "--force", "nope", "bridge");
        assertThat(predefined.exitCode()).isEqualTo(1);
        assertThat(predefined.err()).isEqualTo("jnet: network bridge is predefined and cannot be removed\n");
    }

    @Test
    void connectSendsTheSandboxAndItsSettings() {
        Jnet.Run run = Jnet.against(jnetd, "network", "connect", "--ip", "10.1.0.7", "--ip6", "fd00:1::7",
                "--alias", "db", "--alias", "primary", "--mac-address", "02:42:0a:01:00:07", "--driver-opt", "k=v",
                "web", "client");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(JSON.readTree(jnetd.received().getFirst().body())).isEqualTo(JSON.readTree("""
                {"sandbox":"client","ipv4":"10.1.0.7","ipv6":"fd00:1::7","aliases":["db","primary"],
                 "mac":"02:42:0a:01:00:07","driverOptions":{"k":"v"}}"""));
    }

    @Test
    void connectRefusesAnAddressOfTheWrongFamilyOrABadMac() {
        Jnet.Run v6 = Jnet.against(jnetd, "network", "connect", "--ip", "fd00::7", "web", "client");
        assertThat(v6.exitCode()).isEqualTo(2);
        assertThat(v6.err()).contains("--ip takes an IPv4 address; use --ip6 for fd00::7");
        Jnet.Run mac = Jnet.against(jnetd, "network", "connect", "--mac-address", "02:42", "web", "client");
        assertThat(mac.exitCode()).isEqualTo(2);
        assertThat(mac.err()).contains("--mac-address '02:42' is not a MAC address");
        assertThat(jnetd.received()).isEmpty();
    }

    @Test
    void disconnectSendsForce() {
        assertThat(Jnet.against(jnetd, "network", "disconnect", "-f", "web", "client").exitCode()).isZero();
        assertThat(Jnet.against(jnetd, "network", "disconnect", "web", "client").exitCode()).isZero();
        assertThat(jnetd.received()).extracting(r -> JSON.readTree(r.body())).containsExactly(
                JSON.readTree("{\"sandbox\":\"client\",\"force\":true}"),
                JSON.readTree("{\"sandbox\":\"client\",\"force\":false}"));
    }

    @Test
    void pruneWithForceSendsItsFiltersAndListsWhatWent() throws Exception {
        Jnet.Run run = Jnet.against(jnetd, "network", "prune", "-f", "--filter", "label=team=a", "--filter", "label=temp",
                "--filter", "until=24h", "--filter", "label!=keep");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Deleted Networks:\nold\nolder\n");
        assertThat(JSON.readTree(filtersOf(jnetd.received().getFirst().target()))).isEqualTo(JSON.readTree("""
                {"label":{"team=a":true,"temp":true},"until":{"24h":true},"label!":{"keep":true}}"""));
    }

    @Test
    void pruneWithoutForceTakesTheEndOfInputAsANo() {
        Jnet.Run run = Jnet.run(cli -> prune(cli).terminal = new FakeTerminal(), Jnet.withSocket(jnetd, "network", "prune"));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(NetworkPruneCommand.WARNING + "\nAre you sure you want to continue? [y/N] ");
        assertThat(jnetd.received()).isEmpty();
    }

    @Test
    void pruneWithoutForceAsksAndOnlyYesPrunes() {
        Jnet.Run no = Jnet.run(cli -> prune(cli).terminal = new FakeTerminal("n"), Jnet.withSocket(jnetd, "network", "prune"));
        assertThat(no.exitCode()).isZero();
        assertThat(no.out()).isEqualTo(NetworkPruneCommand.WARNING + "\nAre you sure you want to continue? [y/N] ");
        assertThat(jnetd.received()).isEmpty();

        Jnet.Run yes = Jnet.run(cli -> prune(cli).terminal = new FakeTerminal("y"), Jnet.withSocket(jnetd, "network", "prune"));
        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).endsWith("[y/N] Deleted Networks:\nold\nolder\n");
        assertThat(jnetd.received()).hasSize(1);
    }

    @Test
    void withoutADaemonEveryCommandSaysHowToStartIt() {
        Path missing = dir.resolve("nobody.sock");
        for (List<String> command : List.of(List.of("network", "ls"), List.of("network", "inspect", "x"),
                List.of("network", "create", "x"), List.of("network", "rm", "x"), List.of("network", "prune", "-f"))) {
            List<String> args = new java.util.ArrayList<>(List.of("--socket", missing.toString()));
            args.addAll(command);
            Jnet.Run run = Jnet.run(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(command.toString()).isEqualTo(1);
            assertThat(run.err()).as(command.toString()).isEqualTo("jnet: cannot connect to jnetd at " + missing
                    + ": is it running? (start it with bin/jnetd)\n");
        }
    }

    private static NetworkPruneCommand prune(CommandLine cli) {
        return cli.getSubcommands().get("network").getSubcommands().get("prune").getCommand();
    }

    /** Standard input holding the given lines. */
    static final class FakeTerminal implements Terminal {
        private final Deque<String> lines;

        FakeTerminal(String... lines) {
            this.lines = new ArrayDeque<>(List.of(lines));
        }

        @Override
        public String readLine() {
            return lines.pollFirst();
        }
    }
}
