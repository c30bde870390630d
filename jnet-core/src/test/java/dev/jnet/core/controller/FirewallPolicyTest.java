package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static dev.jnet.core.controller.OutsideWorld.HOST;
import static dev.jnet.core.controller.OutsideWorld.OUTSIDE;
import static dev.jnet.core.controller.PublishedPortsTest.network;
import static dev.jnet.core.controller.PublishedPortsTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

/** ICC, internal networks, the user chain, and repair of jnet's tables, with real packets. */
@ExtendWith(NetnsExtension.class)
class FirewallPolicyTest {
    @Test
    void withoutIccEndpointsOfANetworkCannotTalkButStillReachOut(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("quiet", "10.40.0.0/24").withOptions(Map.of("com.docker.network.bridge.enable_icc", "false")));
            c.createNetwork(network("chatty", "10.50.0.0/24"));
            var a = c.createSandbox(SandboxSpec.named("a"));
            var b = c.createSandbox(SandboxSpec.named("b"));
            var x = c.createSandbox(SandboxSpec.named("x"));
            var y = c.createSandbox(SandboxSpec.named("y"));
            var eb = c.connect("quiet", "b", ConnectSpec.DEFAULT);
            c.connect("quiet", "a", ConnectSpec.DEFAULT);
            var ey = c.connect("chatty", "y", ConnectSpec.DEFAULT);
            c.connect("chatty", "x", ConnectSpec.DEFAULT);

            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("ICC off").isFalse();
            assertThat(Traffic.connects(x, y, ey.ipv4().orElseThrow().address())).as("ICC on").isTrue();
            assertThat(Wire.tcp(Traffic.ns(a), outside.ns(), 4000, OUTSIDE, 4000)).as("out, ICC off").isPresent();
        }
    }

    @Test
    void anInternalNetworkHasNoWayOutEvenWithAHandMadeRoute(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        OutsideWorld.routeVia(outside, "10.60.0.0/24");
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("inner", "10.60.0.0/24").withInternal(true));
            var a = c.createSandbox(SandboxSpec.named("a"));
            var b = c.createSandbox(SandboxSpec.named("b"));
            var eb = c.connect("inner", "b", ConnectSpec.DEFAULT);
            c.connect("inner", "a", ConnectSpec.DEFAULT);
            NetNs box = Traffic.ns(a);
            Command.run("nsenter", "--net=" + box.path(), "ip", "route", "add", "default", "via", "10.60.0.1")
                    .orFail(List.of("ip route add default"));

            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("inside the network").isTrue();
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("out").isEmpty();
            assertThat(Wire.tcp(outside.ns(), Traffic.ns(b), 80, eb.ipv4().orElseThrow().address(), 80)).as("in").isEmpty();
        }
    }

    @Test
    void theUserChainComesFirstAndSurvivesReconcileAndRestart(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            NetNs box = Traffic.ns(c.createSandbox(SandboxSpec.named("s")));
            c.connect("web", "s", publish("8080:80"));
            hostNs.exec("nft", "add", "rule", "inet", "jnet", "user", "tcp", "dport", "80", "drop").orFail(List.of("nft add rule"));
            // The administrator's own set and chain in jnet's table (rules can only use sets of their table).
            hostNs.exec("nft", "add set inet jnet blocklist { type ipv4_addr; }; add element inet jnet blocklist { 203.0.113.7 }; "
                    + "add chain inet jnet mine; add rule inet jnet mine ip saddr @blocklist drop; add rule inet jnet user jump mine")
                    .orFail(List.of("nft add set"));
            hostNs.exec("nft", "flush", "chain", "inet", "jnet", "guard");

            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("dropped by the user's rule").isEmpty();
            c.reconcile();
            host.start();
            assertThat(hostNs.exec("nft", "list", "chain", "inet", "jnet", "user").stdout()).contains("tcp dport 80 drop", "jump mine");
            assertThat(hostNs.exec("nft", "list", "set", "inet", "jnet", "blocklist").stdout()).contains("203.0.113.7");
            assertThat(hostNs.exec("nft", "list", "chain", "inet", "jnet", "guard").stdout()).as("repaired").contains("drop");
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("still dropped").isEmpty();
            hostNs.exec("nft", "flush", "chain", "inet", "jnet", "user");
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("open without it").isPresent();
        }
    }

    @Test
    void aFlushedOrEditedTableIsRepairedByReconcileAndByRestart(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            NetNs box = Traffic.ns(c.createSandbox(SandboxSpec.named("s")));
            c.connect("web", "s", publish("8080:80"));
            String before = Golden.ruleset(hostNs);

            hostNs.exec("nft", "delete", "element", "inet", "jnet", "ports4", "{ tcp . 8080 }");
            hostNs.exec("nft", "flush", "chain", "inet", "jnet", "postrouting");
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("broken").isEmpty();
            c.reconcile();
            assertThat(Golden.ruleset(hostNs)).isEqualTo(before);
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("repaired by reconcile").isPresent();

            hostNs.exec("nft", "flush", "ruleset");
            host.start();
            assertThat(Golden.ruleset(hostNs)).isEqualTo(before);
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("repaired by a restart").isPresent();
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).contains("198.51.100.1");
        }
    }
}
