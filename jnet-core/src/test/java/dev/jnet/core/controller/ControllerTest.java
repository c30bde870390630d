package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NetnsExtension.class)
class ControllerTest {

    private static JsonNode inside(Sandbox sandbox, String... ipArgs) {
        String[] command = new String[ipArgs.length + 3];
        command[0] = "nsenter";
        command[1] = "--net=" + sandbox.namespace();
        command[2] = "ip";
        System.arraycopy(ipArgs, 0, command, 3, ipArgs.length);
        String out = dev.jnet.kernel.testing.Command.check(command);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(out);
    }

    private static InetAddress ip(String literal) {
        return Cidr.parseAddress(literal);
    }

    @Test
    void twoSandboxesOnOneBridgeNetworkTalkOverTcp(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network net = c.createNetwork(NetworkSpec.named("n1"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Endpoint ea = c.connect("n1", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("n1", "b", ConnectSpec.DEFAULT);

            assertThat(net.ipv4().getFirst().subnet().toString()).isEqualTo("172.18.0.0/16");
            assertThat(ea.ipv4().orElseThrow().toString()).isEqualTo("172.18.0.2/16");
            assertThat(eb.ipv4().orElseThrow().toString()).isEqualTo("172.18.0.3/16");
            assertThat(ea.interfaceName().value()).isEqualTo("eth0");
            assertThat(ea.mac().toString()).isEqualTo("02:42:ac:12:00:02");

            JsonNode eth0 = inside(a, "-j", "addr", "show", "dev", "eth0").get(0);
            assertThat(eth0.path("address").asString()).isEqualTo("02:42:ac:12:00:02");
            assertThat(eth0.path("addr_info").get(0).path("local").asString()).isEqualTo("172.18.0.2");
            assertThat(inside(a, "-j", "route", "show", "default").get(0).path("gateway").asString())
                    .isEqualTo("172.18.0.1");
            assertThat(eth0.path("addr_info")).as("no IPv6 link-local address on an IPv4-only network").hasSize(1);
            JsonNode bridge = hostNs.ipLink("br-" + net.id().shortId());
            assertThat(bridge.path("linkinfo").path("info_kind").asString()).isEqualTo("bridge");
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).isTrue();
            assertThat(Traffic.connects(b, a, ea.ipv4().orElseThrow().address())).isTrue();
        }
    }

    @Test
    void sandboxesOnDifferentNetworksCannotReachEachOther(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("n1"));
            c.createNetwork(NetworkSpec.named("n2"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Endpoint ea = c.connect("n1", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("n2", "b", ConnectSpec.DEFAULT);

            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).isFalse();
            assertThat(Traffic.connects(b, a, ea.ipv4().orElseThrow().address())).isFalse();
            // The fake host routes between the bridges; only jnet's isolation stops the packets.
            assertThat(hostNs.sysctl().read("net.ipv4.ip_forward")).isEqualTo("1");
            assertThat(hostNs.json("nft", "-j", "list", "ruleset").toString()).contains("\"egress\"");
            c.disconnect("n1", "a", false);
            c.deleteNetwork("n1");
            assertThat(hostNs.json("nft", "-j", "list", "ruleset").toString()).doesNotContain("out-br-" + ea.network().shortId());
        }
    }

    @Test
    void aSandboxOnTwoNetworksHasTwoInterfacesAndReachesPeersOnBoth(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("front"));
            c.createNetwork(NetworkSpec.named("back"));
            Sandbox multi = c.createSandbox(SandboxSpec.named("multi"));
            Sandbox f = c.createSandbox(SandboxSpec.named("f"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("front", "multi", ConnectSpec.DEFAULT);
            Endpoint second = c.connect("back", "multi", ConnectSpec.DEFAULT);
            Endpoint ef = c.connect("front", "f", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("back", "b", ConnectSpec.DEFAULT);

            assertThat(second.interfaceName().value()).isEqualTo("eth1");
            assertThat(inside(multi, "-j", "link", "show").findValuesAsString("ifname")).contains("lo", "eth0", "eth1");
            assertThat(Traffic.connects(multi, f, ef.ipv4().orElseThrow().address())).isTrue();
            assertThat(Traffic.connects(multi, b, eb.ipv4().orElseThrow().address())).isTrue();
        }
    }

    @Test
    void staticAddressIpRangeAuxAddressAndGatewayAreHonoured(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            PoolRequest pool = new PoolRequest(Optional.of(Cidr.parse("10.77.0.0/24")), Optional.of(Cidr.parse("10.77.0.128/25")),
                    Optional.of(ip("10.77.0.254")), Map.of("reserved", ip("10.77.0.128")));
            Network net = c.createNetwork(NetworkSpec.named("custom").withIpv4(List.of(pool)));
            Sandbox s1 = c.createSandbox(SandboxSpec.named("s1"));
            Sandbox s2 = c.createSandbox(SandboxSpec.named("s2"));
            Endpoint dynamic = c.connect("custom", "s1", ConnectSpec.DEFAULT);
            Endpoint fixed = c.connect("custom", "s2", ConnectSpec.DEFAULT.withIpv4(ip("10.77.0.7")));

            assertThat(dynamic.ipv4().orElseThrow().toString()).isEqualTo("10.77.0.129/24");
            assertThat(fixed.ipv4().orElseThrow().toString()).isEqualTo("10.77.0.7/24");
            assertThat(inside(s1, "-j", "route", "show", "default").get(0).path("gateway").asString()).isEqualTo("10.77.0.254");
            JsonNode bridgeAddr = hostNs.json("ip", "-j", "addr", "show", "dev", "br-" + net.id().shortId());
            assertThat(bridgeAddr.get(0).path("addr_info").get(0).path("local").asString()).isEqualTo("10.77.0.254");
            assertThat(Traffic.connects(s1, s2, ip("10.77.0.7"))).isTrue();
        }
    }

    @Test
    void badRequestsGetClearErrorsAndLeaveNothingBehind(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<String> linksBefore = hostNs.ipLinkNames();
            int networksBefore = c.networks().size();
            c.createNetwork(NetworkSpec.named("taken"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            c.connect("taken", "s", ConnectSpec.DEFAULT);
            List<String> linksWithOne = hostNs.ipLinkNames();

            assertKind(() -> c.createNetwork(NetworkSpec.named("x").withDriver("nosuch")), ErrorKind.NOT_FOUND, "nosuch");
            assertKind(() -> c.createNetwork(NetworkSpec.named("taken")), ErrorKind.CONFLICT, "already exists");
            assertKind(() -> c.createNetwork(NetworkSpec.named("y".repeat(200))), ErrorKind.INVALID, "at most");
            assertKind(() -> c.createNetwork(NetworkSpec.named("z").withIpv4(List.of(PoolRequest.subnet(Cidr.parse("10.1.2.3/16"))))),
                    ErrorKind.INVALID, "10.1.0.0/16");
            assertKind(() -> c.createNetwork(NetworkSpec.named("o").withIpv4(List.of(PoolRequest.subnet(Cidr.parse("172.18.0.0/24"))))),
                    ErrorKind.CONFLICT, "172.18.0.0");
            assertKind(() -> c.createNetwork(NetworkSpec.named("b").withOptions(Map.of("com.docker.network.bridge.name", "br-waytoolongname"))),
                    ErrorKind.INVALID, "15");
            assertKind(() -> c.connect("nosuch", "s", ConnectSpec.DEFAULT), ErrorKind.NOT_FOUND, "network nosuch");
            assertKind(() -> c.connect("taken", "nosuch", ConnectSpec.DEFAULT), ErrorKind.NOT_FOUND, "sandbox nosuch");
            assertKind(() -> c.connect("taken", "s", ConnectSpec.DEFAULT), ErrorKind.CONFLICT, "already connected");
            assertKind(() -> c.connect("bridge", "s", ConnectSpec.DEFAULT.withIpv4(ip("172.17.0.9"))), ErrorKind.INVALID,
                    "user-defined");

            assertThat(hostNs.ipLinkNames()).containsExactlyInAnyOrderElementsOf(linksWithOne);
            assertThat(c.networks()).hasSize(networksBefore + 1);
            assertThat(c.endpointsOf(s)).hasSize(1);
            assertThat(linksBefore).hasSize(linksWithOne.size() - 2); // the bridge and one veth
        }
    }

    private static void assertKind(Runnable call, ErrorKind kind, String text) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(JnetException.class, e -> {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void bridgeOptionsNameTheBridgeSetTheMtuAndTheInterfacePrefix(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("tuned").withOptions(Map.of(
                    "com.docker.network.bridge.name", "br-tuned",
                    "com.docker.network.driver.mtu", "1400",
                    "com.docker.network.container_iface_prefix", "net")));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            Endpoint e = c.connect("tuned", "s", ConnectSpec.DEFAULT);

            assertThat(e.interfaceName().value()).isEqualTo("net0");
            assertThat(hostNs.ipLink("br-tuned").path("mtu").asInt()).isEqualTo(1400);
            JsonNode inner = inside(s, "-j", "link", "show", "dev", "net0").get(0);
            assertThat(inner.path("mtu").asInt()).isEqualTo(1400);
            assertKind(() -> c.createNetwork(NetworkSpec.named("typo").withOptions(Map.of(
                    "com.docker.network.bridge.enable_icc2", "false"))), ErrorKind.INVALID, "unknown option");
            assertKind(() -> c.createNetwork(NetworkSpec.named("mtu").withOptions(Map.of(
                    "com.docker.network.driver.mtu", "9"))), ErrorKind.INVALID, "between 68 and 65535");
        }
    }

    @Test
    void anExhaustedSubnetIsAConflictThatLeavesNothingBehind(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("tiny").withIpv4(List.of(PoolRequest.subnet(Cidr.parse("10.9.9.0/30")))));
            c.createSandbox(SandboxSpec.named("t1"));
            Sandbox t2 = c.createSandbox(SandboxSpec.named("t2"));
            c.connect("tiny", "t1", ConnectSpec.DEFAULT); // .1 is the gateway, .2 the only address left
            List<String> links = hostNs.ipLinkNames();

            assertKind(() -> c.connect("tiny", "t2", ConnectSpec.DEFAULT), ErrorKind.CONFLICT, "no available IPv4 addresses");
            assertThat(hostNs.ipLinkNames()).containsExactlyInAnyOrderElementsOf(links);
            assertThat(c.endpointsOf(t2)).isEmpty();
        }
    }
}
