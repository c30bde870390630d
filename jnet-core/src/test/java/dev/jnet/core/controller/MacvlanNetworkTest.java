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
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.kernel.rtnl.LinkOptions;
import dev.jnet.kernel.rtnl.LinkSpec;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * macvlan networks on a LAN: the fake host's uplink veth goes to a LAN namespace that holds the router
 * (192.0.2.1), a server on the LAN (192.0.2.10) and, behind the router, an address elsewhere (198.18.0.1).
 * The fake host itself has no address on the LAN.
 */
@ExtendWith(NetnsExtension.class)
class MacvlanNetworkTest {
    private static final InetAddress ROUTER = Cidr.parseAddress("192.0.2.1");
    private static final InetAddress SERVER = Cidr.parseAddress("192.0.2.10");
    private static final InetAddress BEYOND = Cidr.parseAddress("198.18.0.1");

    static void lan(ThrowawayNs host, ThrowawayNs lan) {
        host.rtnl().links().create(new LinkSpec.Veth(IfName.of("uplink"), IfName.of("lan0")).withPeerIn(lan.ns())
                .withOptions(LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS));
        lan.rtnl().links().setUp(IfName.of("lan0"));
        lan.rtnl().links().setUp(IfName.of("lo"));
        lan.rtnl().addresses().add(IfName.of("lan0"), Cidr.parse("192.0.2.1/24"));
        lan.rtnl().addresses().add(IfName.of("lan0"), Cidr.parse("192.0.2.10/24"));
        lan.rtnl().addresses().add(IfName.of("lo"), Cidr.parse("198.18.0.1/32"));
    }

    static NetworkSpec macvlan(String name, Map<String, String> options) {
        return macvlan(name, options, "192.0.2.0/24", ROUTER);
    }

    static NetworkSpec macvlan(String name, Map<String, String> options, String subnet, InetAddress gateway) {
        return NetworkSpec.named(name).withDriver("macvlan").withOptions(options)
                .withIpv4(List.of(new PoolRequest(Optional.of(Cidr.parse(subnet)), Optional.empty(),
                        Optional.of(gateway), Map.of())));
    }

    private static JsonNode sandboxLink(Sandbox s, String name) {
        String out = Command.check("nsenter", "--net=" + s.namespace(), "ip", "-j", "-d", "link", "show", "dev", name);
        return new tools.jackson.databind.ObjectMapper().readTree(out).get(0);
    }

    private static String defaultRoute(Sandbox s) {
        return Command.check("nsenter", "--net=" + s.namespace(), "ip", "-4", "route", "show", "default").strip();
    }

    @Test
    void sandboxesReachTheLanAndTheRouterWithTheirOwnAddressesAndEachOtherInBridgeMode(ThrowawayNs hostNs, ThrowawayNs lanNs) {
        lan(hostNs, lanNs);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network lan = c.createNetwork(macvlan("lan", Map.of("parent", "uplink")));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Endpoint ea = c.connect("lan", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("lan", "b", ConnectSpec.DEFAULT.withIpv4(Cidr.parseAddress("192.0.2.77")));
            String addressA = ea.ipv4().orElseThrow().address().getHostAddress();

            assertThat(lan.scope().label()).isEqualTo("local");
            assertThat(lan.driverData()).containsEntry("parent", "uplink").containsEntry("macvlan_mode", "bridge");
            JsonNode link = sandboxLink(a, "eth0");
            assertThat(link.path("linkinfo").path("info_kind").asString()).isEqualTo("macvlan");
            assertThat(link.path("linkinfo").path("info_data").path("mode").asString()).isEqualTo("bridge");
            assertThat(link.path("address").asString()).isEqualTo(ea.mac().toString());
            assertThat(eb.ipv4().orElseThrow().toString()).isEqualTo("192.0.2.77/24");
            assertThat(defaultRoute(a)).startsWith("default via 192.0.2.1 dev eth0");
            assertThat(Wire.tcp(Traffic.ns(a), lanNs.ns(), 7000, SERVER, 7000)).as("the LAN server, no NAT").contains(addressA);
            assertThat(Wire.tcp(Traffic.ns(a), lanNs.ns(), 7001, ROUTER, 7001)).as("the router itself").contains(addressA);
            assertThat(Wire.tcp(Traffic.ns(a), lanNs.ns(), 7002, BEYOND, 7002)).as("through the router").contains(addressA);
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("bridge mode: each other").isTrue();
            assertThat(Dig.answers(a, "b")).as("the embedded DNS").containsExactly("192.0.2.77");
            assertThat(hostNs.json("nft", "-j", "list", "ruleset").toString()).as("no NAT, no rules").doesNotContain("192.0.2");

            c.disconnect("lan", "a", false);
            c.disconnect("lan", "b", false);
            c.deleteNetwork("lan");
            assertThat(Command.check("nsenter", "--net=" + a.namespace(), "ip", "-o", "link")).doesNotContain("eth0");
            assertThat(hostNs.ipLinkNames()).contains("uplink").noneMatch(n -> n.startsWith("dm-") || n.startsWith("jnp"));
        }
    }

    @Test
    void privateModeKeepsSandboxesApartButLetsThemReachTheLan(ThrowawayNs hostNs, ThrowawayNs lanNs) {
        lan(hostNs, lanNs);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(macvlan("lan", Map.of("parent", "uplink", "macvlan_mode", "private")));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Endpoint ea = c.connect("lan", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("lan", "b", ConnectSpec.DEFAULT);

            assertThat(sandboxLink(a, "eth0").path("linkinfo").path("info_data").path("mode").asString()).isEqualTo("private");
            assertThat(Wire.tcp(Traffic.ns(a), lanNs.ns(), 7000, SERVER, 7000)).contains(ea.ipv4().orElseThrow().address().getHostAddress());
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("private mode: not each other").isFalse();
        }
    }

    @Test
    void aBridgeAndAMacvlanNetworkWorkAtOnceAndReconcileAndRestartRestoreTheChildren(ThrowawayNs hostNs, ThrowawayNs lanNs) {
        lan(hostNs, lanNs);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(macvlan("lan", Map.of("parent", "uplink")));
            c.createNetwork(PublishedPortsTest.network("web", "10.10.0.0/24"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Endpoint ea = c.connect("lan", "a", ConnectSpec.DEFAULT);
            c.connect("web", "a", ConnectSpec.DEFAULT);
            Endpoint wb = c.connect("web", "b", ConnectSpec.DEFAULT);
            String addressA = ea.ipv4().orElseThrow().address().getHostAddress();

            assertThat(Traffic.connects(a, b, wb.ipv4().orElseThrow().address())).as("over the bridge network").isTrue();
            assertThat(Wire.tcp(Traffic.ns(a), lanNs.ns(), 7000, SERVER, 7000)).contains(addressA);
            assertThat(defaultRoute(a)).as("the first network's gateway").startsWith("default via 192.0.2.1 dev eth0");

            Command.check("nsenter", "--net=" + a.namespace(), "ip", "link", "del", "eth0");
            assertThat(c.reconcile().endpointsRejoined()).isEqualTo(1);
            assertThat(sandboxLink(a, "eth0").path("linkinfo").path("info_kind").asString()).isEqualTo("macvlan");
            assertThat(Wire.tcp(Traffic.ns(a), lanNs.ns(), 7001, BEYOND, 7001)).as("after the repair").contains(addressA);

            c = host.start();
            assertThat(c.reconcile().changedNothing()).isTrue();
            Sandbox again = c.sandbox("a");
            assertThat(Wire.tcp(Traffic.ns(again), lanNs.ns(), 7002, SERVER, 7002)).as("after a restart").contains(addressA);
            assertThat(c.network("lan").driverData()).containsEntry("parent", "uplink");
        }
    }

    @Test
    void ipv6WorksAsOnABridgeNetworkAndAnInternalNetworkGivesNoDefaultRoute(ThrowawayNs hostNs, ThrowawayNs lanNs) {
        lan(hostNs, lanNs);
        lanNs.rtnl().addresses().add(IfName.of("lan0"), Cidr.parse("2001:db8:1::1/64"));
        lanNs.rtnl().addresses().add(IfName.of("lan0"), Cidr.parse("2001:db8:1::10/64"));
        hostNs.rtnl().links().create(new LinkSpec.Veth(IfName.of("uplink2"), IfName.of("uplink2p"))
                .withOptions(LinkOptions.DEFAULTS.withUp(true), LinkOptions.DEFAULTS.withUp(true)));
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(macvlan("lan", Map.of("parent", "uplink")).withIpv6(List.of(new PoolRequest(
                    Optional.of(Cidr.parse("2001:db8:1::/64")), Optional.empty(), Optional.of(Cidr.parseAddress("2001:db8:1::1")),
                    Map.of()))));
            c.createNetwork(macvlan("shut", Map.of("parent", "uplink2"), "203.0.113.0/24", Cidr.parseAddress("203.0.113.1"))
                    .withInternal(true));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Endpoint ea = c.connect("lan", "a", ConnectSpec.DEFAULT);
            c.connect("shut", "b", ConnectSpec.DEFAULT);

            InetAddress v6 = ea.ipv6().orElseThrow().address();
            assertThat(Command.check("nsenter", "--net=" + a.namespace(), "ip", "-6", "route", "show", "default"))
                    .startsWith("default via 2001:db8:1::1 dev eth0");
            assertThat(Wire.tcp(Traffic.ns(a), lanNs.ns(), 7000, Cidr.parseAddress("2001:db8:1::10"), 7000))
                    .as("IPv6 on the LAN, no NAT").contains(v6.getHostAddress());
            assertThat(defaultRoute(b)).as("--internal: no default route").isEmpty();
        }
    }

    @Test
    void withoutAParentTheNetworkIsInternalOnABridgeJnetMakesAndRemoves(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network inner = c.createNetwork(NetworkSpec.named("inner").withDriver("macvlan"));
            String parent = "dm-" + inner.id().shortId();
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("inner", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("inner", "b", ConnectSpec.DEFAULT);

            assertThat(hostNs.ipLink(parent).path("linkinfo").path("info_kind").asString()).isEqualTo("bridge");
            assertThat(hostNs.ipLink(parent).path("ifalias").asString()).isEqualTo("jnet:network:" + inner.id());
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).isTrue();
            assertThat(defaultRoute(a)).as("internal: no default route").isEmpty();

            assertThat(inner.driverData()).doesNotContainKey("parent").containsEntry("macvlan_mode", "bridge");
            c = host.start(); // read back from the store: still internal, on jnet's own parent
            Command.check("nsenter", "--net=" + hostNs.ns().path(), "ip", "link", "del", parent);
            Eventually.until("the drift watch makes the parent and its children again", () ->
                    hostNs.ipLinkNames().contains(parent) && Command.run("nsenter", "--net=" + b.namespace(), "ip", "-o",
                            "addr", "show", "dev", "eth0").stdout().contains(eb.ipv4().orElseThrow().toString()));
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).as("children made again").isTrue();

            c.disconnect("inner", "a", false);
            c.disconnect("inner", "b", false);
            c.deleteNetwork("inner");
            assertThat(hostNs.ipLinkNames()).doesNotContain(parent);
        }
    }

    @Test
    void badRequestsAreRefusedAndLeaveNothingBehind(ThrowawayNs hostNs, ThrowawayNs lanNs) {
        lan(hostNs, lanNs);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<String> before = hostNs.ipLinkNames();
            refused(() -> c.createNetwork(macvlan("x", Map.of("parent", "nosuch0"))), ErrorKind.INVALID,
                    "parent interface nosuch0 of network x was not found in the host namespace");
            refused(() -> c.createNetwork(macvlan("x", Map.of("parent", "uplink", "macvlan_mode", "loud", "colour", "red"))),
                    ErrorKind.INVALID, "unknown option colour; option macvlan_mode must be one of bridge, private, vepa, passthru, not 'loud'");
            refused(() -> c.createNetwork(macvlan("x", Map.of("parent", "uplink.5000"))), ErrorKind.INVALID,
                    "VLAN id 5000 is out of range (1 to 4094)");
            c.createNetwork(macvlan("lan", Map.of("parent", "uplink")));
            NetworkSpec other = macvlan("x", Map.of("parent", "uplink"), "203.0.113.0/24", Cidr.parseAddress("203.0.113.1"));
            refused(() -> c.createNetwork(other), ErrorKind.CONFLICT,
                    "network lan is already using parent interface uplink");
            refused(() -> c.createNetwork(other.withDriver("ipvlan")), ErrorKind.CONFLICT,
                    "network lan is already using parent interface uplink");
            c.createSandbox(SandboxSpec.named("a"));
            refused(() -> c.connect("lan", "a", PublishedPortsTest.publish("8080:80")), ErrorKind.INVALID,
                    "ports cannot be published on network lan: its driver macvlan does not publish ports");
            assertThat(c.networks()).extracting(Network::name).doesNotContain("x");
            assertThat(hostNs.ipLinkNames()).containsExactlyInAnyOrderElementsOf(before);
        }
    }

    @Test
    void aMissingVlanSubInterfaceIsMadeOrTheKernelSaysItLacksVlans(ThrowawayNs hostNs, ThrowawayNs lanNs) {
        lan(hostNs, lanNs);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<String> before = hostNs.ipLinkNames();
            try {
                Network tagged = c.createNetwork(macvlan("tagged", Map.of("parent", "uplink.42")));
                assertThat(hostNs.ipLink("uplink.42").path("linkinfo").path("info_data").path("id").asInt()).isEqualTo(42);
                c.deleteNetwork(tagged.id().value());
                assertThat(hostNs.ipLinkNames()).doesNotContain("uplink.42");
            } catch (JnetException e) {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("network tagged needs the 802.1Q sub-interface uplink.42: this kernel lacks 802.1q vlan");
                assertThat(hostNs.ipLinkNames()).containsExactlyInAnyOrderElementsOf(before);
                assertThat(c.networks()).extracting(Network::name).doesNotContain("tagged");
            }
        }
    }

    @Test
    void ipvlanWorksOrTheKernelSaysItLacksIpvlan(ThrowawayNs hostNs, ThrowawayNs lanNs) {
        lan(hostNs, lanNs);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<String> before = hostNs.ipLinkNames();
            try {
                c.createNetwork(macvlan("lan", Map.of("parent", "uplink", "ipvlan_mode", "l2")).withDriver("ipvlan"));
                Sandbox a = c.createSandbox(SandboxSpec.named("a"));
                Endpoint ea = c.connect("lan", "a", ConnectSpec.DEFAULT);
                assertThat(sandboxLink(a, "eth0").path("linkinfo").path("info_kind").asString()).isEqualTo("ipvlan");
                assertThat(Wire.tcp(Traffic.ns(a), lanNs.ns(), 7000, SERVER, 7000))
                        .contains(ea.ipv4().orElseThrow().address().getHostAddress());
            } catch (JnetException e) {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("network lan cannot be created: this kernel lacks ipvlan links")
                        .contains("use the macvlan driver");
                assertThat(hostNs.ipLinkNames()).containsExactlyInAnyOrderElementsOf(before);
                assertThat(c.networks()).extracting(Network::name).doesNotContain("lan");
            }
        }
    }

    private static void refused(Runnable call, ErrorKind kind, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(JnetException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
