package dev.jnet.daemon;

import dev.jnet.daemon.testing.ApiClient;
import dev.jnet.daemon.testing.FakeHost;
import dev.jnet.daemon.testing.JnetdProcess;
import dev.jnet.daemon.testing.Traffic;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** jnetd as a user runs it: the real launcher, bin/jnetd, started inside a fake host with nsenter. */
@ExtendWith(NetnsExtension.class)
class JnetdIT {
    static final Duration START = Duration.ofSeconds(90);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** curl, an independent client: the JSON it got, after checking the status. */
    private static JsonNode curl(FakeHost host, int status, String method, String path, String body) {
        String out = Command.check("curl", "-sS", "--unix-socket", host.socket().toString(), "-X", method,
                "-H", "Content-Type: application/json", "--data-binary", body, "-w", "\n%{http_code}", "http://jnet" + path);
        List<String> lines = out.lines().toList();
        assertThat(lines.getLast()).as(out).isEqualTo(String.valueOf(status));
        return JSON.readTree(String.join("\n", lines.subList(0, lines.size() - 1)));
    }

    @Test
    void jnetdThroughTheLauncherGivesTwoSandboxesANetworkAndStopsCleanlyOnSigterm(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns); JnetdProcess jnetd = JnetdProcess.start(host).awaitReady(START)) {
            JsonNode network = curl(host, 201, "POST", "/v1/networks", "{\"name\": \"web\"}");
            ApiClient api = host.client();
            JsonNode server = api.post("/v1/sandboxes", "{\"name\": \"server\"}").json();
            JsonNode client = api.post("/v1/sandboxes", "{\"name\": \"client\"}").json();
            JsonNode endpoint = curl(host, 201, "POST", "/v1/networks/web/connect", "{\"sandbox\": \"server\"}");
            assertThat(api.post("/v1/networks/web/connect", "{\"sandbox\": \"client\"}").status()).isEqualTo(201);

            assertThat(ns.ipLink("br-" + network.path("id").asString().substring(0, 12)).path("linkinfo")
                    .path("info_kind").asString()).isEqualTo("bridge");
            assertThat(Traffic.connects(Path.of(client.path("namespace").asString()), Path.of(server.path("namespace").asString()),
                    Cidr.parse(endpoint.path("ipv4").asString()).address())).isTrue();
            assertThat(jnetd.log()).doesNotContain("WARNING", "restricted method");

            jnetd.terminate();
            assertThat(jnetd.waitFor(Duration.ofSeconds(30))).as("the JVM's status after SIGTERM").isEqualTo(143);
            assertThat(host.socket()).doesNotExist();
            assertThat(host.dockerSocket()).doesNotExist();
            assertThat(jnetd.log()).contains("serving the Docker Engine API on " + host.dockerSocket(), "jnetd stopping",
                    "jnetd stopped");
            assertThat(host.namespaceFiles()).as("sandboxes outlive the daemon").hasSize(2);
        }
    }

    @Test
    void jnetdRepairsAFlushedRulesetByItselfLogsItOnceAndCountsIt(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns); JnetdProcess jnetd = JnetdProcess.start(host).awaitReady(START)) {
            ApiClient api = host.client();
            api.post("/v1/networks", "{\"name\": \"web\"}");
            ns.exec("nft", "flush", "ruleset").orFail(List.of("nft flush ruleset"));
            for (int i = 0; i < 100 && api.get("/v1/info").json().path("driftRepairs").asLong() == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(api.get("/v1/info").json().path("driftRepairs").asLong()).isEqualTo(1);
            assertThat(ns.exec("nft", "list", "tables").stdout()).contains("table inet jnet", "table bridge jnet");
            for (int i = 0; i < 100 && !jnetd.log().contains("jnet repaired drift"); i++) {
                Thread.sleep(50);
            }
            assertThat(jnetd.log().lines().filter(l -> l.contains("INFO DriftRepair - jnet repaired drift: nftables table inet jnet is missing"))
                    .count()).as(jnetd.log()).isEqualTo(1);
            assertThat(jnetd.log()).contains("nft (pid ");
        }
    }

    @Test
    void aSecondJnetdOnTheSameSocketRefusesToStartAndTheFirstKeepsServing(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns); JnetdProcess first = JnetdProcess.start(host).awaitReady(START)) {
            try (JnetdProcess second = JnetdProcess.startWith(host, List.of("--socket", host.socket().toString(),
                    "--state-dir", host.directory().resolve("state2").toString(),
                    "--run-dir", host.directory().resolve("run2").toString()))) {
                assertThat(second.waitFor(START)).isEqualTo(1);
                assertThat(second.log()).contains("jnetd: cannot start: another jnetd is already listening on " + host.socket());
            }
            assertThat(host.client().get("/v1/_ping").body()).isEqualTo("OK");
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void atInfoEachChangeLogsOneLineWithItsIds(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns); JnetdProcess jnetd = JnetdProcess.start(host).awaitReady(START)) {
            ApiClient api = host.client();
            JsonNode network = api.post("/v1/networks", "{\"name\": \"logged\", \"ipv4\": [{\"subnet\": \"10.93.0.0/24\"}]}").json();
            JsonNode sandbox = api.post("/v1/sandboxes", "{\"name\": \"box\"}").json();
            JsonNode endpoint = api.post("/v1/networks/logged/connect", "{\"sandbox\": \"box\"}").json();
            assertThat(api.post("/v1/networks/logged/disconnect", "{\"sandbox\": \"box\"}").status()).isEqualTo(204);
            assertThat(api.delete("/v1/sandboxes/box").status()).isEqualTo(204);
            assertThat(api.delete("/v1/networks/logged").status()).isEqualTo(204);
            String n = network.path("id").asString().substring(0, 12);
            String s = sandbox.path("id").asString().substring(0, 12);
            String e = endpoint.path("id").asString().substring(0, 12);
            List<String> wanted = List.of(
                    "INFO ChangeLog - network created: logged (id " + n + ", driver bridge, subnets 10.93.0.0/24)",
                    "INFO ChangeLog - sandbox created: box (id " + s + ")",
                    "INFO ChangeLog - connected: sandbox box (id " + s + ") to network logged (id " + n + ") as eth0, endpoint "
                            + e + ", 10.93.0.2/24",
                    "INFO ChangeLog - disconnected: sandbox box (id " + s + ") from network logged (id " + n + "), endpoint " + e,
                    "INFO ChangeLog - sandbox removed: box (id " + s + ")",
                    "INFO ChangeLog - network removed: logged (id " + n + ")");
            for (int i = 0; i < 100 && !jnetd.log().contains(wanted.getLast()); i++) {
                Thread.sleep(50);
            }
            List<String> changes = jnetd.log().lines().filter(l -> l.contains("ChangeLog") && l.contains("logged")
                    || l.contains("sandbox created: box") || l.contains("sandbox removed: box"))
                    .map(l -> l.substring(l.indexOf("INFO"))).toList();
            assertThat(changes).containsExactlyElementsOf(wanted);
        }
    }

    @Test
    void withLogFormatJsonEveryLogLineIsAJsonObject(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns); JnetdProcess jnetd = JnetdProcess.start(host, "--log-format", "json")
                .awaitReady(START)) {
            assertThat(host.client().post("/v1/networks", "{\"name\": \"jsonlog\"}").status()).isEqualTo(201);
            for (int i = 0; i < 100 && !jnetd.log().contains("network created: jsonlog"); i++) {
                Thread.sleep(50);
            }
            List<JsonNode> events = new java.util.ArrayList<>();
            for (String line : jnetd.log().lines().toList()) {
                if (!line.isBlank()) {
                    events.add(JSON.readTree(line)); // fails the test on a line that is not JSON
                }
            }
            assertThat(events).extracting(e -> e.path("logger").asString() + " " + e.path("level").asString())
                    .contains("Daemon INFO", "ChangeLog INFO");
            JsonNode created = events.stream().filter(e -> e.path("message").asString().startsWith("network created: jsonlog"))
                    .findFirst().orElseThrow();
            assertThat(java.time.Instant.parse(created.path("time").asString())).isNotNull();
            assertThat(events).noneMatch(e -> e.path("level").asString().equals("DEBUG"));
        }
    }

    @Test
    void theConfigFileSetsDirectoriesAndLogLevelAndAFlagWinsOverIt(ThrowawayNs ns) throws Exception {
        try (FakeHost host = new FakeHost(ns)) {
            Path config = host.directory().resolve("jnetd.conf");
            Files.writeString(config, "socket = " + host.directory().resolve("from-file.sock") + "\nstate-dir = "
                    + host.stateDirectory() + "\nrun-dir = " + host.runDirectory() + "\nlog-level = debug\n");
            try (JnetdProcess jnetd = JnetdProcess.startWith(host, List.of("--config", config.toString(),
                    "--socket", host.socket().toString(), "--docker-socket", host.directory().resolve("d.sock").toString()))
                    .awaitReady(START)) {
                assertThat(new ApiClient(host.directory().resolve("d.sock")).get("/v1.50/networks/bridge").json()
                        .path("Name").asString()).as("the Docker API on --docker-socket").isEqualTo("bridge");
                assertThat(host.dockerSocket()).doesNotExist();
                assertThat(host.client().get("/v1/info").json().path("stateDirectory").asString())
                        .isEqualTo(host.stateDirectory().toString());
                assertThat(host.directory().resolve("from-file.sock")).doesNotExist();
                // The request's log line is written after its answer: give it a moment.
                for (int i = 0; i < 100 && !jnetd.log().contains("DEBUG ApiHandler - GET /v1/info 200"); i++) {
                    Thread.sleep(50);
                }
                assertThat(jnetd.log()).contains("DEBUG ApiHandler - GET /v1/info 200");
            }
        }
    }

    @Test
    void theLauncherSizesTheJvmForADaemonAndJnetdJavaOptionsWinOverIt() throws Exception {
        String defaults = launcherFlags("-XX:+PrintCommandLineFlags");
        String raised = launcherFlags("-XX:+PrintCommandLineFlags -Xmx200m -XX:TieredStopAtLevel=4 -XX:CICompilerCount=2");

        assertThat(defaults).contains("-XX:MaxHeapSize=100663296", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:MaxHeapFreeRatio=30", "jnetd ");
        assertThat(raised).contains("-XX:MaxHeapSize=209715200", "-XX:TieredStopAtLevel=4", "-XX:+UseSerialGC")
                .doesNotContain("-XX:MaxHeapSize=100663296");
    }

    @Test
    void theLauncherInstallsLibnftablesWhenItIsMissingAndSaysSo(@TempDir Path fakeBin) throws Exception {
        Path calls = fakeBin.resolve("apt-get.calls");
        fake(fakeBin, "dpkg-query", "exit 1"); // nothing is installed
        fake(fakeBin, "apt-get", "echo \"$*\" >> " + calls);

        LauncherRun asRoot = launch(fakeBin, "0");
        assertThat(asRoot.exit()).as(asRoot.out()).isZero();
        assertThat(asRoot.out()).contains("jnetd: installing the Debian packages it needs: libnftables1", "jnetd ");
        assertThat(Files.readAllLines(calls)).containsExactly("update -qq",
                "install -y -qq --no-install-recommends libnftables1");

        Files.delete(calls);
        LauncherRun asUser = launch(fakeBin, "1000");
        assertThat(asUser.exit()).isEqualTo(1);
        assertThat(asUser.out()).contains(
                "jnetd: missing Debian packages: libnftables1; run as root or: sudo apt-get install -y libnftables1");
        assertThat(calls).doesNotExist();
    }

    @Test
    void theSystemdUnitPassesSystemdsOwnCheck(@TempDir Path dir) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(analyze), "needs systemd-analyze (Debian's systemd)");
        Path unit = JnetdProcess.LAUNCHER.getParent().getParent().resolve("contrib/jnetd.service");
        // The unit names /usr/local/bin/jnetd; here the launcher is where the checkout is.
        Path copy = dir.resolve("jnetd.service");
        Files.writeString(copy, Files.readString(unit).replace("/usr/local/bin/jnetd", JnetdProcess.LAUNCHER.toString()));
        Command.Result verified = Command.run(analyze.toString(), "verify", copy.toString());
        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.stderr() + verified.stdout()).as("no warnings").isBlank();
    }

    private record LauncherRun(int exit, String out) {}

    /** bin/jnetd --version with the fake commands in {@code fakeBin} first on PATH and {@code id -u} printing {@code uid}. */
    private static LauncherRun launch(Path fakeBin, String uid) throws Exception {
        fake(fakeBin, "id", "echo " + uid);
        ProcessBuilder builder = new ProcessBuilder(JnetdProcess.LAUNCHER.toString(), "--version").redirectErrorStream(true);
        builder.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new LauncherRun(process.waitFor(), out);
    }

    private static void fake(Path dir, String command, String body) throws IOException {
        Path script = dir.resolve(command);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What the JVM started by bin/jnetd prints (it prints its own flags) for {@code jnetd --version}. */
    private static String launcherFlags(String javaOptions) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(JnetdProcess.LAUNCHER.toString(), "--version").redirectErrorStream(true);
        builder.environment().put("JNETD_JAVA_OPTIONS", javaOptions);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
