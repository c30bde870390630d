package dev.jnet.cli;

import dev.jnet.cli.client.FakeJnetd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SystemCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INFO = """
            {"version":"0.1.0-SNAPSHOT","stateDirectory":"/var/lib/jnet","runDirectory":"/run/jnet",
             "networks":3,"sandboxes":1,"endpoints":2,"drivers":["bridge","host","null"],"driftRepairs":4}""";
    private static final String RECONCILED = """
            {"networksRecreated":1,"namespacesRecreated":0,"endpointsRejoined":2,"removed":["link br-x","namespace 1a"]}""";

    @TempDir
    Path dir;

    @Test
    void infoPrintsOneKeyAndValuePerLine() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.reply(200, INFO))) {
            Jnet.Run run = Jnet.against(jnetd, "system", "info");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("""
                    Server Version: 0.1.0-SNAPSHOT
                    Socket: %s
                    State Directory: /var/lib/jnet
                    Run Directory: /run/jnet
                    Networks: 3
                    Sandboxes: 1
                    Endpoints: 2
                    Drivers: bridge, host, null
                    Drift Repairs: 4
                    """.formatted(jnetd.socket()));
            assertThat(JSON.readTree(Jnet.against(jnetd, "system", "info", "--format", "json").out())).isEqualTo(JSON.readTree(INFO));
        }
    }

    @Test
    void infoNamesAForeignChainThatDropsAndItsFix() throws IOException {
        String info = """
                {"version":"0.1.0","stateDirectory":"/var/lib/jnet","runDirectory":"/run/jnet","networks":1,"sandboxes":0,
                 "endpoints":0,"drivers":["bridge"],"driftRepairs":2,"foreignFirewall":{"mode":"leave","problems":[],"drops":[
                 {"backend":"nftables","table":"ip filter","chain":"FORWARD","reason":"policy drop","letThrough":[],
                  "blocked":["jnet0"],"fix":["nft 'add rule ip filter FORWARD iifname \\"jnet0\\" accept comment \\"jnet\\"'"],
                  "summary":"table ip filter chain FORWARD (policy drop) drops the forwarded traffic of jnet0; to let it through run: nft '...'"}]}}""";
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.reply(200, info))) {
            Jnet.Run run = Jnet.against(jnetd, "system", "info");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).endsWith("""
                    Drivers: bridge
                    Drift Repairs: 2
                    Foreign Firewall: leave
                      table ip filter chain FORWARD (policy drop) drops the forwarded traffic of jnet0; to let it through run: nft '...'
                    """);
        }
    }

    @Test
    void infoOfAHostInAClusterShowsTheStoreThisHostAndTheLiveHosts() throws IOException {
        String info = """
                {"version":"0.1.0","stateDirectory":"/var/lib/jnet","runDirectory":"/run/jnet","networks":1,"sandboxes":0,
                 "endpoints":0,"drivers":["bridge"],"driftRepairs":0,"cluster":{"store":"http://192.168.77.254:2379",
                 "hostId":"a1","advertiseAddress":"192.168.77.1","registered":false,
                 "problem":"cluster store unreachable: ...","hosts":[{"id":"a1","address":"192.168.77.1"},
                 {"id":"b2","address":"192.168.77.2"}]}}""";
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.reply(200, info))) {
            Jnet.Run run = Jnet.against(jnetd, "system", "info");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).endsWith("""
                    Drift Repairs: 0
                    Cluster Store: http://192.168.77.254:2379
                    Cluster Host: a1 (192.168.77.1), not registered: cluster store unreachable: ...
                    Cluster Hosts: 2: a1 (192.168.77.1), b2 (192.168.77.2)
                    """);
        }
    }

    @Test
    void reconcileSaysWhatChanged() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.reply(200, RECONCILED))) {
            Jnet.Run run = Jnet.against(jnetd, "system", "reconcile");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).isEqualTo("""
                    Networks recreated: 1
                    Namespaces recreated: 0
                    Endpoints rejoined: 2
                    Removed: link br-x, namespace 1a
                    Problems: none
                    """);
            assertThat(jnetd.received().getFirst().method()).isEqualTo("POST");
            assertThat(jnetd.received().getFirst().target()).isEqualTo("/v1/system/reconcile");
        }
    }

    @Test
    void versionAddsTheDaemonsVersionWhenItAnswers() throws IOException {
        try (FakeJnetd jnetd = FakeJnetd.start(dir, r -> FakeJnetd.reply(200, INFO))) {
            Jnet.Run run = Jnet.against(jnetd, "version");
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).startsWith("jnet ").contains("\nJava 25")
                    .endsWith("\njnetd 0.1.0-SNAPSHOT at " + jnetd.socket() + "\n");
        }
        Jnet.Run alone = Jnet.run("--socket", dir.resolve("none.sock").toString(), "version");
        assertThat(alone.exitCode()).isZero();
        assertThat(alone.out()).endsWith("\njnetd not reachable at " + dir.resolve("none.sock") + "\n");
    }
}
