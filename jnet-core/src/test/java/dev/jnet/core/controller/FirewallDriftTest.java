package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static dev.jnet.core.controller.OutsideWorld.HOST;
import static dev.jnet.core.controller.PublishedPortsTest.network;
import static dev.jnet.core.controller.PublishedPortsTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift of jnet's nftables tables, made with {@code nft} in a fake host while jnet runs: jnet repairs it by
 * itself (isolation and published ports hold again, proven with packets), never touches the
 * administrator's user chain, and a change that finds its tables flushed repairs them first.
 */
@ExtendWith(NetnsExtension.class)
class FirewallDriftTest {
    /** Two networks: a and b (b publishes 8080:80) on web, x on other. */
    private record Setup(Controller c, Sandbox a, Sandbox b, Sandbox x, InetAddress bAddress) {
        static Setup on(FakeHost host) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            c.createNetwork(network("other", "10.20.0.0/24"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Sandbox x = c.createSandbox(SandboxSpec.named("x"));
            c.connect("web", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("web", "b", publish("8080:80"));
            c.connect("other", "x", ConnectSpec.DEFAULT);
            return new Setup(c, a, b, x, eb.ipv4().orElseThrow().address());
        }

        /** With packets: the port answers from outside, a reaches b, x (another network) does not. */
        void holds(ThrowawayNs outside) {
            assertThat(Wire.tcp(outside.ns(), Traffic.ns(b), 80, HOST, 8080)).as("the published port answers").isPresent();
            assertThat(Traffic.connects(a, b, bAddress)).as("same network").isTrue();
            assertThat(Traffic.connects(x, b, bAddress)).as("isolation between networks").isFalse();
        }
    }

    private static int forwardRules(ThrowawayNs ns) {
        var listing = ns.exec("nft", "-j", "list", "chain", "inet", "jnet", "forward");
        if (listing.exitCode() != 0) {
            return 0;
        }
        return (int) listing.stdout().split("\"rule\"", -1).length - 1;
    }

    @Test
    void aFlushedTableIsRebuiltAndIsolationAndPortsHoldAgain(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Setup s = Setup.on(host);
            int rules = forwardRules(hostNs);

            hostNs.exec("nft", "flush", "table", "inet", "jnet").orFail(List.of("nft flush table"));
            Eventually.until("the forward chain has its rules again", () -> forwardRules(hostNs) == rules);
            Eventually.until("one repair is counted", () -> s.c().driftRepairs() == 1);
            s.holds(outside);
        }
    }

    @Test
    void aFlushedRulesetIsRebuiltAndIsolationAndPortsHoldAgain(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Setup s = Setup.on(host);
            int rules = forwardRules(hostNs);

            hostNs.exec("nft", "flush", "ruleset").orFail(List.of("nft flush ruleset"));
            Eventually.until("jnet's table is back", () -> forwardRules(hostNs) == rules);
            Eventually.until("one repair is counted", () -> s.c().driftRepairs() == 1);
            s.holds(outside);
        }
    }

    @Test
    void aDeletedPortElementComesBack(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Setup s = Setup.on(host);

            hostNs.exec("nft", "delete", "element", "inet", "jnet", "ports4", "{ tcp . 8080 }").orFail(List.of("nft delete element"));
            Eventually.until("the port element is back", () -> hostNs.exec("nft", "list", "map", "inet", "jnet", "ports4")
                    .stdout().contains("tcp . 8080"));
            Eventually.until("one repair is counted", () -> s.c().driftRepairs() == 1);
            s.holds(outside);
        }
    }

    @Test
    void aFlushedBridgeTableKeepsIccOff(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("quiet", "10.40.0.0/24").withOptions(Map.of("com.docker.network.bridge.enable_icc", "false")));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("quiet", "a", ConnectSpec.DEFAULT);
            InetAddress bAddress = c.connect("quiet", "b", ConnectSpec.DEFAULT).ipv4().orElseThrow().address();

            hostNs.exec("nft", "flush", "table", "bridge", "jnet").orFail(List.of("nft flush table bridge jnet"));
            Eventually.until("the bridge table's rule is back", () -> hostNs.exec("nft", "list", "chain", "bridge", "jnet", "forward")
                    .stdout().contains("@icc_off drop"));
            assertThat(Traffic.connects(a, b, bAddress)).as("ICC off again").isFalse();
        }
    }

    @Test
    void theAdministratorsUserChainIsNoDriftAndSurvivesARepair(ThrowawayNs hostNs, ThrowawayNs outside) throws InterruptedException {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Setup s = Setup.on(host);
            NetNs box = Traffic.ns(s.b());
            hostNs.exec("nft", "add rule inet jnet user tcp dport 80 drop; add set inet jnet blocklist { type ipv4_addr; }; "
                    + "add element inet jnet blocklist { 203.0.113.7 }; add chain inet jnet mine; "
                    + "add rule inet jnet mine ip saddr @blocklist drop; add rule inet jnet user jump mine").orFail(List.of("nft add"));
            // Longer than a pause and a periodic check: the administrator's rules were looked at and left alone.
            Thread.sleep(DriftWatcher.PAUSE.plus(DriftWatcher.SHARED_STATE_INTERVAL).plusMillis(500).toMillis());
            assertThat(s.c().driftRepairs()).isZero();

            hostNs.exec("nft", "delete", "element", "inet", "jnet", "ports4", "{ tcp . 8080 }").orFail(List.of("nft delete element"));
            Eventually.until("one repair is counted", () -> s.c().driftRepairs() == 1);
            assertThat(hostNs.exec("nft", "list", "chain", "inet", "jnet", "user").stdout()).contains("tcp dport 80 drop", "jump mine");
            assertThat(hostNs.exec("nft", "list", "set", "inet", "jnet", "blocklist").stdout()).contains("203.0.113.7");
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("still dropped by the user's rule").isEmpty();
            hostNs.exec("nft", "flush", "chain", "inet", "jnet", "user").orFail(List.of("nft flush chain"));
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("open without it").isPresent();
            assertThat(s.c().driftRepairs()).isEqualTo(1);
        }
    }

    /** Without the watcher, only the connect itself can repair: it does, first. */
    @Test
    void aConnectWithPortsRightAfterAFlushedRulesetRepairsFirstAndThePortWorks(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));

            hostNs.exec("nft", "flush", "ruleset").orFail(List.of("nft flush ruleset"));
            Endpoint e = c.connect("web", "b", publish("8080:80"));
            assertThat(e.ports()).hasSize(1);
            assertThat(c.driftRepairs()).isEqualTo(1);
            assertThat(Wire.tcp(outside.ns(), Traffic.ns(b), 80, HOST, 8080)).as("the port answers").isPresent();
        }
    }

    /** A flushed table keeps its sets: the connect's elements would go in, and filter nothing. */
    @Test
    void aConnectAfterAFlushedTableRepairsFirstSoIsolationHolds(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            c.createNetwork(network("other", "10.20.0.0/24"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Sandbox x = c.createSandbox(SandboxSpec.named("x"));
            c.connect("web", "a", ConnectSpec.DEFAULT);
            c.connect("other", "x", ConnectSpec.DEFAULT);

            hostNs.exec("nft", "flush", "table", "inet", "jnet").orFail(List.of("nft flush table"));
            Endpoint eb = c.connect("web", "b", publish("8080:80"));
            assertThat(c.driftRepairs()).isEqualTo(1);
            new Setup(c, a, b, x, eb.ipv4().orElseThrow().address()).holds(outside);
        }
    }
}
