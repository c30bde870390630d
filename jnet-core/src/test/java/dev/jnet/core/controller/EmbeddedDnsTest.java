package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.DnsConfig;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.List;

import static dev.jnet.core.controller.PublishedPortsTest.network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded resolver at 127.0.0.11, asked with dig from inside sandboxes. */
@ExtendWith(NetnsExtension.class)
class EmbeddedDnsTest {
    private static final InetAddress UPSTREAM = Cidr.parseAddress("198.51.100.2");

    private static SandboxSpec box(String name) {
        return SandboxSpec.named(name).withDns(new DnsConfig(List.of(UPSTREAM), List.of("example.test"), List.of("ndots:1")));
    }

    private static String v4(Endpoint e) {
        return e.ipv4().orElseThrow().address().getHostAddress();
    }

    @Test
    void namesAliasesHostnamesAndPointersOfSharedNetworksAreAnswered(ThrowawayNs hostNs, ThrowawayNs outside) throws Exception {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs); FakeUpstream upstream = new FakeUpstream(outside.ns(), UPSTREAM, FakeUpstream.Mode.ANSWER)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            c.createNetwork(network("back", "10.20.0.0/24"));
            c.createSandbox(box("app").withHostname("alpha"));
            Sandbox b = c.createSandbox(box("b"));
            Sandbox d = c.createSandbox(box("d"));
            Endpoint ea = c.connect("web", "app", ConnectSpec.DEFAULT.withAliases(List.of("db")));
            c.connect("back", "app", ConnectSpec.DEFAULT.withAliases(List.of("cache")));
            c.connect("web", "b", ConnectSpec.DEFAULT);
            c.connect("back", "d", ConnectSpec.DEFAULT);

            assertThat(Files.readString(c.files().resolvConfPath(b.id())))
                    .contains("nameserver 127.0.0.11\nsearch example.test\noptions ndots:1\n").doesNotContain("nameserver 198");
            assertThat(Dig.answers(b, "app")).containsExactly(v4(ea));
            assertThat(Dig.answers(b, "APP.")).as("any case, trailing dot").containsExactly(v4(ea));
            assertThat(Dig.answers(b, "alpha")).as("hostname").containsExactly(v4(ea));
            assertThat(Dig.answers(b, "db")).as("alias on web").containsExactly(v4(ea));
            assertThat(Dig.full(b, "cache")).as("an alias on back is not visible on web").contains("status: NXDOMAIN");
            assertThat(Dig.answers(b, "-x", v4(ea))).containsExactly("app.web.");
            assertThat(Dig.full(b, "app", "AAAA")).as("NODATA").contains("status: NOERROR", "ANSWER: 0");
            assertThat(Dig.full(b, "nosuch")).as("forwarded: NXDOMAIN").contains("status: NXDOMAIN");
            assertThat(Dig.answers(b, "one.test")).as("forwarded").containsExactly("203.0.113.1");
            assertThat(Dig.answers(d, "cache")).as("back sees the back alias").hasSize(1);
            assertThat(Dig.full(d, "b")).as("b shares no network with d").contains("status: NXDOMAIN");
            var stats = c.dnsStats();
            assertThat(stats.queries()).as("the eleven asked above").isEqualTo(11);
            assertThat(stats.answeredLocally()).as("app, APP., alpha, db, -x, AAAA, cache from d").isGreaterThanOrEqualTo(7);
            assertThat(stats.forwarded()).as("nosuch, one.test").isGreaterThanOrEqualTo(2);
            assertThat(stats.answeredLocally() + stats.forwarded() + stats.failures()).isEqualTo(stats.queries());
            assertThat(stats.failures()).isZero();

            c.disconnect("web", "b", false);
            c.connect("back", "b", ConnectSpec.DEFAULT);
            assertThat(Dig.answers(d, "b")).as("seen at once after connect").hasSize(1);
        }
    }

    @Test
    void aliasesSetAfterTheConnectAreAnsweredAtOnceAndKeptOverARestart(ThrowawayNs hostNs) throws Exception {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            c.createSandbox(box("app"));
            Sandbox b = c.createSandbox(box("b"));
            Endpoint ea = c.connect("web", "app", ConnectSpec.DEFAULT.withAliases(List.of("db")));
            c.connect("web", "b", ConnectSpec.DEFAULT);

            assertThat(c.setAliases("web", "app", List.of("server", "www", "server")).aliases())
                    .as("without repeats").containsExactly("server", "www");
            assertThat(Dig.answers(b, "www")).as("at once").containsExactly(v4(ea));
            assertThat(Dig.answers(b, "db")).as("the old alias is gone (forwarded, to no upstream)").isEmpty();
            assertThat(Dig.answers(b, "app")).as("the name stays").containsExactly(v4(ea));
            assertThatThrownBy(() -> c.setAliases("web", "app", List.of("ok", "two words")))
                    .hasMessageContaining("alias name 'two words' is invalid");
            assertThatThrownBy(() -> c.setAliases("bridge", "app", List.of("x"))).hasMessageContaining("not connected");
            assertThat(Dig.answers(b, "www")).as("a refused change changes nothing").containsExactly(v4(ea));

            Controller restarted = host.start();
            assertThat(restarted.endpointsOf(restarted.sandbox("app")).getFirst().aliases()).containsExactly("server", "www");
            assertThat(Dig.answers(b, "server")).as("after a restart").containsExactly(v4(ea));
        }
    }

    @Test
    void afterARestartEverySandboxOnAUserNetworkIsAnsweredAgainAndOnlyThose(ThrowawayNs hostNs) throws Exception {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            List<Sandbox> boxes = List.of(c.createSandbox(box("alpha")), c.createSandbox(box("beta")), c.createSandbox(box("delta")));
            List<Endpoint> endpoints = boxes.stream().map(s -> c.connect("web", s.name(), ConnectSpec.DEFAULT)).toList();
            Sandbox plain = c.createSandbox(box("plain"));
            c.connect("bridge", "plain", ConnectSpec.DEFAULT);

            Controller restarted = host.start(); // the old resolver's sockets closed with the old controller
            assertThat(restarted.startupReport().problems()).isEmpty();
            for (Sandbox s : boxes) {
                assertThat(Dig.answers(s, "alpha")).as("asked in " + s.name()).containsExactly(v4(endpoints.get(0)));
                assertThat(Dig.answers(s, "delta")).as("asked in " + s.name()).containsExactly(v4(endpoints.get(2)));
            }
            assertThat(Dig.full(plain, "+time=1", "alpha")).as("the default bridge still has none").contains("no servers could be reached");
        }
    }

    @Test
    void aNameHeldBySeveralEndpointsGetsAllAddressesRotatedAndIpv6Too(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24").withIpv6(List.of(PoolRequest.subnet(Cidr.parse("fd00:10::/64")))));
            Sandbox client = c.createSandbox(box("client"));
            for (String name : List.of("s1", "s2", "s3")) {
                c.createSandbox(box(name));
                c.connect("web", name, ConnectSpec.DEFAULT.withAliases(List.of("svc")));
            }
            Endpoint e = c.connect("web", "client", ConnectSpec.DEFAULT);

            List<String> first = Dig.answers(client, "svc");
            List<String> second = Dig.answers(client, "svc");
            assertThat(first).hasSize(3).containsExactlyInAnyOrderElementsOf(second);
            assertThat(first.getFirst()).as("rotated").isNotEqualTo(second.getFirst());
            assertThat(Dig.answers(client, "client", "AAAA")).containsExactly(e.ipv6().orElseThrow().address().getHostAddress()
                    .replaceAll("(^|:)0+(?=[0-9a-f])", "$1").replaceAll("(:0)+:", "::"));
            assertThat(Dig.answers(client, "-x", e.ipv6().orElseThrow().address().getHostAddress())).containsExactly("client.web.");
        }
    }

    @Test
    void theDefaultBridgeHasNoResolver(ThrowawayNs hostNs) throws Exception {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Sandbox s = c.createSandbox(box("s"));
            c.connect("bridge", "s", ConnectSpec.DEFAULT);

            assertThat(Files.readString(c.files().resolvConfPath(s.id()))).contains("nameserver 198.51.100.2")
                    .doesNotContain("127.0.0.11");
            assertThat(Dig.full(s, "+time=1", "s")).contains("no servers could be reached");
        }
    }

    @Test
    void aSilentUpstreamIsSkippedAndATruncatedAnswerIsFetchedOverTcp(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        InetAddress silent = Cidr.parseAddress("198.51.100.3");
        outside.rtnl().addresses().add(dev.jnet.net.IfName.of("wan0"), Cidr.parse("198.51.100.3/24"));
        try (FakeHost host = new FakeHost(hostNs);
             FakeUpstream mute = new FakeUpstream(outside.ns(), silent, FakeUpstream.Mode.SILENT);
             FakeUpstream cut = new FakeUpstream(outside.ns(), UPSTREAM, FakeUpstream.Mode.TRUNCATE)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s").withDns(new DnsConfig(List.of(silent, UPSTREAM), List.of(), List.of())));
            c.connect("web", "s", ConnectSpec.DEFAULT);

            assertThat(Dig.answers(s, "three.test")).containsExactlyInAnyOrder("203.0.113.1", "203.0.113.2", "203.0.113.3");
            assertThat(mute.udpQueries.get()).as("asked first").isEqualTo(1);
            assertThat(cut.tcpQueries.get()).as("then over TCP after the TC bit").isEqualTo(1);
            String big = Dig.full(s, "+noedns", "many.test");
            assertThat(big).as("too big for 512 bytes: truncated for the client, who retries over TCP")
                    .contains(";; Truncated, retrying in TCP mode.", "ANSWER: 60");
            assertThat(Dig.answers(s, "+tcp", "many.test")).as("the client's own TCP").hasSize(60);
        }
    }

    @Test
    void malformedQueriesAreDroppedOrRefusedAndTheResolverGoesOn(ThrowawayNs hostNs) throws Exception {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            Sandbox s = c.createSandbox(box("s"));
            c.connect("web", "s", ConnectSpec.DEFAULT);
            byte[] reply = TestKernel.executor().call(Traffic.ns(s), () -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.setSoTimeout(2000);
                    InetAddress resolver = InetAddress.getByName("127.0.0.11");
                    socket.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, resolver, 53));
                    byte[] junk = new byte[40];
                    junk[0] = 0x12;
                    junk[1] = 0x34;
                    junk[5] = 9; // nine questions that are not there
                    socket.send(new DatagramPacket(junk, junk.length, resolver, 53));
                    byte[] oversized = new byte[9000];
                    socket.send(new DatagramPacket(oversized, oversized.length, resolver, 53));
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    socket.receive(p);
                    return java.util.Arrays.copyOf(p.getData(), p.getLength());
                }
            });

            assertThat(reply[0]).isEqualTo((byte) 0x12);
            assertThat(reply[3] & 0x0f).as("FORMERR").isEqualTo(1);
            assertThat(Dig.answers(s, "s")).hasSize(1);
        }
    }
}
