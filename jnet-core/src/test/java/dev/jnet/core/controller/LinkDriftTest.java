package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static dev.jnet.core.controller.OutsideWorld.OUTSIDE;
import static dev.jnet.core.controller.PublishedPortsTest.network;
import static dev.jnet.core.controller.PublishedPortsTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drift of links and addresses, made with {@code ip} in a fake host while jnet runs, repaired by jnet by
 * itself: real packets flow again. No test calls reconcile.
 */
@ExtendWith(NetnsExtension.class)
class LinkDriftTest {
    private static String bridge(Network n) {
        return "br-" + n.id().shortId();
    }

    private static String veth(Endpoint e) {
        return "veth" + e.id().value().substring(0, 7);
    }

    private static boolean hasLink(ThrowawayNs ns, String name, String master) {
        JsonNode link = ns.ipLink(name);
        return !link.isMissingNode() && (master == null || link.path("master").asString("").equals(master));
    }

    @Test
    void aDeletedBridgeComesBackWithItsEndpointsOnIt(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network n = c.createNetwork(network("web", "10.10.0.0/24"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Endpoint ea = c.connect("web", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("web", "b", ConnectSpec.DEFAULT);

            hostNs.exec("ip", "link", "del", bridge(n)).orFail(List.of("ip link del"));
            Eventually.until("the bridge is back with both veths on it", () -> hasLink(hostNs, veth(ea), bridge(n))
                    && hasLink(hostNs, veth(eb), bridge(n)));
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("traffic flows again").isTrue();
            Eventually.until("the repair is counted", () -> c.driftRepairs() > 0);
        }
    }

    @Test
    void aDeletedVethIsJoinedAgain(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network n = c.createNetwork(network("web", "10.10.0.0/24"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("web", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("web", "b", ConnectSpec.DEFAULT);

            hostNs.exec("ip", "link", "del", veth(eb)).orFail(List.of("ip link del"));
            Eventually.until("the veth is back on the bridge", () -> hasLink(hostNs, veth(eb), bridge(n)));
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("traffic flows again").isTrue();
            Eventually.until("one repair is counted", () -> c.driftRepairs() == 1);
        }
    }

    @Test
    void anInterfaceDeletedInsideASandboxIsJoinedAgain(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("web", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("web", "b", ConnectSpec.DEFAULT);

            Command.check("nsenter", "--net=" + b.namespace(), "ip", "link", "del", "eth0");
            Eventually.until("eth0 is back in the sandbox", () -> Command.run("nsenter", "--net=" + b.namespace(),
                    "ip", "-o", "addr", "show", "eth0").stdout().contains(eb.ipv4().orElseThrow().toString()));
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("traffic flows again").isTrue();
        }
    }

    @Test
    void aRemovedGatewayAddressIsPutBackAndTheWayOutWorksAgain(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network n = c.createNetwork(network("web", "10.10.0.0/24"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            c.connect("web", "s", ConnectSpec.DEFAULT);

            hostNs.exec("ip", "addr", "del", "10.10.0.1/24", "dev", bridge(n)).orFail(List.of("ip addr del"));
            Eventually.until("the gateway address is back", () -> hostNs.exec("ip", "-o", "addr", "show", "dev", bridge(n))
                    .stdout().contains("10.10.0.1/24"));
            assertThat(Wire.tcp(Traffic.ns(s), outside.ns(), 4000, OUTSIDE, 4000)).as("out through the gateway").isPresent();
            Eventually.until("one repair is counted", () -> c.driftRepairs() == 1);
        }
    }

    @Test
    void jnetsOwnConnectsAndDisconnectsAreNoDrift(ThrowawayNs hostNs) throws InterruptedException {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            for (int i = 0; i < 10; i++) {
                c.createSandbox(SandboxSpec.named("s" + i));
                c.connect("web", "s" + i, publish((9000 + i) + ":80"));
            }
            for (int i = 0; i < 10; i += 2) {
                c.disconnect("web", "s" + i, false);
            }
            c.deleteSandbox("s1");
            c.deleteNetwork(c.createNetwork(network("short-lived", "10.20.0.0/24")).name());
            c.createNetwork(network("dual", "10.30.0.0/24").withIpv6(List.of(PoolRequest.subnet(Cidr.parse("fd00:30::/64")))));
            c.createNetwork(network("routed", "10.31.0.0/24").withOptions(Map.of("com.docker.network.bridge.gateway_mode_ipv4", "routed")));
            c.connect("dual", "s3", publish("8080:80", "5353:53/udp"));
            c.connect("routed", "s5", publish("80"));
            // Longer than a pause and a periodic check: whatever jnet's own changes made suspect was checked.
            Thread.sleep(DriftWatcher.PAUSE.plus(DriftWatcher.SHARED_STATE_INTERVAL).plusMillis(500).toMillis());
            assertThat(c.driftRepairs()).isZero();
            assertThat(c.findDrift()).isEmpty();
        }
    }

    @Test
    void theWatchThreadAndItsSocketsAreGoneAfterClose(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            assertThat(watchThreads()).hasSize(1);
            assertThat(subscribedSockets(hostNs)).hasSize(2);
        }
        assertThat(watchThreads()).isEmpty();
        assertThat(subscribedSockets(hostNs)).isEmpty();
    }

    private static List<Thread> watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(DriftWatcher.THREAD_NAME) && t.isAlive()).toList();
    }

    /** Netlink sockets in the namespace that joined multicast groups ({@code /proc/net/netlink}'s Groups column). */
    private static List<String> subscribedSockets(ThrowawayNs ns) {
        return ns.exec("cat", "/proc/net/netlink").stdout().lines().skip(1)
                .filter(l -> !l.isBlank()).map(l -> l.trim().split("\\s+"))
                .filter(f -> Long.parseLong(f[3], 16) != 0).map(f -> "protocol " + f[1] + " groups " + f[3]).toList();
    }
}
