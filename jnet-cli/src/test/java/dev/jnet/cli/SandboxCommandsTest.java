package dev.jnet.cli;

import dev.jnet.cli.client.FakeJnetd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;
    FakeJnetd jnetd;

    @BeforeEach
    void start() throws IOException {
        jnetd = FakeJnetd.start(dir, r -> switch (r.method() + " " + r.target().replaceFirst("\\?.*", "")) {
            case "GET /v1/networks" -> FakeJnetd.reply(200, "[" + Canned.BRIDGE + "," + Canned.WEB + "]");
            case "GET /v1/sandboxes" -> FakeJnetd.reply(200, "[" + Canned.CLIENT + "," + Canned.LONELY + "]");
            case "GET /v1/sandboxes/client" -> FakeJnetd.reply(200, Canned.CLIENT);
            case "POST /v1/sandboxes" -> FakeJnetd.reply(201, Canned.LONELY);
            case "POST /v1/networks/web/connect", "POST /v1/networks/host/connect" -> FakeJnetd.reply(201, Canned.ENDPOINT);
            case "POST /v1/networks/full/connect" -> FakeJnetd.error(503, "no free address in 10.9.0.0/30");
            case "DELETE /v1/sandboxes/client", "DELETE /v1/sandboxes/" + Canned.LONELY_ID -> FakeJnetd.reply(204, "");
            default -> FakeJnetd.error(404, "sandbox " + r.target().replaceAll(".*/", "") + " not found");
        });
    }

    @AfterEach
    void stop() throws IOException {
        jnetd.close();
    }

    @Test
    void lsFormatsWithGoTemplates() {
        Jnet.Run run = Jnet.against(jnetd, "sandbox", "ls", "--format", "table {{.Name}}\\t{{.Networks}}\\t{{.Addresses}}");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                NAME      NETWORKS   ADDRESSES
                client    web        172.18.0.2,fd00:1::2
                lonely               \n""");
    }

    @Test
    void lsShowsWhoseNamespaceEachSandboxIs() {
        Jnet.Run run = Jnet.against(jnetd, "sandbox", "ls", "--format", "table {{.Name}}\\t{{.Runtime}}");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                NAME      RUNTIME
                client    jnet
                lonely    oci
                """);
    }

    @Test
    void lsShowsEachSandboxWithItsNetworksAndAddresses() {
        Jnet.Run run = Jnet.against(jnetd, "sandbox", "ls");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                SANDBOX ID     NAME      NETWORKS   ADDRESSES              PORTS
                5e1a2b3c4d5e   client    web        172.18.0.2,fd00:1::2
                77aa2b3c4d5e   lonely
                """);
    }

    @Test
    void lsSendsItsFiltersToJnetd() throws Exception {
        Jnet.Run run = Jnet.against(jnetd, "sandbox", "ls", "-q", "--filter", "network=web", "--filter", "name=^lon");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(NetworkCommandsTest.filtersOf(jnetd.received().getFirst().target())))
                .isEqualTo(JSON.readTree("{\"network\":{\"web\":true},\"name\":{\"^lon\":true}}"));
        assertThat(Jnet.against(jnetd, "sandbox", "ls", "--format", "json").out().lines()).hasSize(2);
    }

    @Test
    void quietAndJsonListsNeedNoNetworkNames() {
        Jnet.against(jnetd, "sandbox", "ls", "-q");
        assertThat(jnetd.received()).extracting(FakeJnetd.Received::target).containsExactly("/v1/sandboxes");
    }

    @Test
    void createSendsTheSandboxSettingsAndPrintsTheId() {
        Jnet.Run run = Jnet.against(jnetd, "sandbox", "create", "--name", "lonely", "--hostname", "box",
                "--dns", "192.0.2.53", "--dns-search", "example.com", "--dns-option", "ndots:2",
                "--add-host", "db.local:192.0.2.9", "--add-host", "v6:fd00::9");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(Canned.LONELY_ID + "\n");
        assertThat(JSON.readTree(jnetd.received().getFirst().body())).isEqualTo(JSON.readTree("""
                {"name":"lonely","hostname":"box",
                 "dns":{"servers":["192.0.2.53"],"search":["example.com"],"options":["ndots:2"]},
                 "extraHosts":["db.local:192.0.2.9","v6:fd00::9"]}"""));
    }

    @Test
    void createWithNetworksConnectsInOrderWithTheirSettings() {
        Jnet.Run run = Jnet.against(jnetd, "sandbox", "create", "--network", "web",
                "--network", "name=web,ip=10.1.0.9,alias=a,alias=b,driver-opt=k=v");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(jnetd.received()).extracting(r -> r.method() + " " + r.target()).containsExactly(
                "POST /v1/sandboxes", "POST /v1/networks/web/connect", "POST /v1/networks/web/connect");
        assertThat(JSON.readTree(jnetd.received().get(1).body())).isEqualTo(JSON.readTree("{\"sandbox\":\"" + Canned.LONELY_ID + "\"}"));
        assertThat(JSON.readTree(jnetd.received().get(2).body())).isEqualTo(JSON.readTree(
                "{\"sandbox\":\"" + Canned.LONELY_ID + "\",\"ipv4\":\"10.1.0.9\",\"aliases\":[\"a\",\"b\"],\"driverOptions\":{\"k\":\"v\"}}"));
    }

    @Test
    void networkHostMakesASandboxThatSharesTheHostsNamespace() {
        Jnet.Run run = Jnet.against(jnetd, "sandbox", "create", "--network", "host");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(jnetd.received().getFirst().body())).isEqualTo(JSON.readTree("{\"hostNetwork\":true}"));
        assertThat(jnetd.received().get(1).target()).isEqualTo("/v1/networks/host/connect");
    }

    @Test
    void aFailedConnectRemovesTheNewSandboxAgain() {
        Jnet.Run run = Jnet.against(jnetd, "sandbox", "create", "--network", "web", "--network", "full");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("jnet: no free address in 10.9.0.0/30\n");
        assertThat(run.out()).isEmpty();
        assertThat(jnetd.received()).extracting(r -> r.method() + " " + r.target()).containsExactly(
                "POST /v1/sandboxes", "POST /v1/networks/web/connect", "POST /v1/networks/full/connect",
                "DELETE /v1/sandboxes/" + Canned.LONELY_ID);
    }

    @Test
    void inspectAndRmWorkOnSeveralSandboxes() {
        Jnet.Run inspect = Jnet.against(jnetd, "sandbox", "inspect", "client", "ghost");
        assertThat(inspect.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(inspect.out())).isEqualTo(JSON.readTree("[" + Canned.CLIENT + "]"));
        assertThat(inspect.err()).isEqualTo("jnet: sandbox ghost not found\n");

        Jnet.Run rm = Jnet.against(jnetd, "sandbox", "rm", "ghost", "client");
        assertThat(rm.exitCode()).isEqualTo(1);
        assertThat(rm.out()).isEqualTo("client\n");
        assertThat(rm.err()).isEqualTo("jnet: sandbox ghost not found\n");

        Jnet.Run forced = Jnet.against(jnetd, "sandbox", "rm", "-f", "ghost", "client");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).isEqualTo("client\n");
        assertThat(forced.err()).isEmpty();
    }
}
