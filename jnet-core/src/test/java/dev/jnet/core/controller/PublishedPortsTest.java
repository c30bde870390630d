package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.PortRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

import static dev.jnet.core.controller.OutsideWorld.HOST;
import static dev.jnet.core.controller.OutsideWorld.OUTSIDE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Outbound NAT and published ports, with real packets between sandboxes, the fake host and an outside namespace. */
@ExtendWith(NetnsExtension.class)
class PublishedPortsTest {
    private static final InetAddress LOCALHOST = Cidr.parseAddress("127.0.0.1");

    static ConnectSpec publish(String... specs) {
        return ConnectSpec.DEFAULT.withPorts(Arrays.stream(specs).map(PortRequest::parse).toList());
    }

    static NetworkSpec network(String name, String subnet) {
        return NetworkSpec.named(name).withIpv4(List.of(PoolRequest.subnet(Cidr.parse(subnet))));
    }

    @Test
    void outboundTrafficLeavesWithTheHostsAddressAndPublishedPortsReachTheSandbox(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            Endpoint e = c.connect("web", "s", publish("8080:80", "5353:5300/udp", "9000-9002:7000-7002"));
            NetNs box = Traffic.ns(s);

            assertThat(e.ports()).extracting(PortBinding::toString).containsExactly("0.0.0.0:8080->80/tcp",
                    "0.0.0.0:5353->5300/udp", "0.0.0.0:9000->7000/tcp", "0.0.0.0:9001->7001/tcp", "0.0.0.0:9002->7002/tcp");
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("outbound, masqueraded").contains("198.51.100.1");
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("inbound TCP").contains("198.51.100.2");
            assertThat(Wire.udpEcho(outside.ns(), box, 5300, HOST, 5353)).as("inbound UDP and its reply").isTrue();
            assertThat(Wire.tcp(outside.ns(), box, 7001, HOST, 9001)).as("a port of a range").isPresent();
            assertThat(Wire.tcp(outside.ns(), box, 81, HOST, 8081)).as("an unpublished port").isEmpty();
        }
    }

    @Test
    void theHostItselfAndOtherContainersReachPublishedPortsWithoutAProxy(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            c.createNetwork(network("other", "10.20.0.0/24"));
            NetNs server = Traffic.ns(c.createSandbox(SandboxSpec.named("server")));
            NetNs neighbour = Traffic.ns(c.createSandbox(SandboxSpec.named("neighbour")));
            NetNs stranger = Traffic.ns(c.createSandbox(SandboxSpec.named("stranger")));
            c.connect("web", "server", publish("8080:80"));
            c.connect("web", "neighbour", ConnectSpec.DEFAULT);
            c.connect("other", "stranger", ConnectSpec.DEFAULT);

            assertThat(Wire.tcp(hostNs.ns(), server, 80, LOCALHOST, 8080)).as("host to 127.0.0.1").isPresent();
            assertThat(Wire.tcp(hostNs.ns(), server, 80, HOST, 8080)).as("host to its own address").isPresent();
            assertThat(Wire.tcp(neighbour, server, 80, HOST, 8080)).as("hairpin, same network").isPresent();
            assertThat(Wire.tcp(stranger, server, 80, HOST, 8080)).as("from another network through the host").isPresent();
            assertThat(Wire.tcp(stranger, server, 80, Cidr.parseAddress("10.10.0.2"), 80))
                    .as("another network straight to the container").isEmpty();
        }
    }

    @Test
    void fromOutsideOnlyPublishedPortsAreOpenEvenWithARouteToTheContainers(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        OutsideWorld.routeVia(outside, "10.10.0.0/24");
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            c.createNetwork(network("open", "10.30.0.0/24").withOptions(
                    java.util.Map.of("com.docker.network.bridge.gateway_mode_ipv4", "routed")));
            OutsideWorld.routeVia(outside, "10.30.0.0/24");
            NetNs natted = Traffic.ns(c.createSandbox(SandboxSpec.named("natted")));
            NetNs routed = Traffic.ns(c.createSandbox(SandboxSpec.named("routed")));
            Endpoint n = c.connect("web", "natted", publish("8080:80"));
            Endpoint r = c.connect("open", "routed", publish("8081:80"));

            assertThat(Wire.tcp(outside.ns(), natted, 80, n.ipv4().orElseThrow().address(), 80))
                    .as("nat mode: no direct access").isEmpty();
            assertThat(Wire.tcp(outside.ns(), routed, 80, r.ipv4().orElseThrow().address(), 80))
                    .as("routed mode: the published container port, unmasqueraded").contains("198.51.100.2");
            assertThat(Wire.tcp(outside.ns(), routed, 81, r.ipv4().orElseThrow().address(), 81))
                    .as("routed mode: an unpublished port").isEmpty();
            assertThat(Wire.tcp(routed, outside.ns(), 4000, OUTSIDE, 4000)).as("routed mode: no masquerade")
                    .contains(r.ipv4().orElseThrow().address().getHostAddress());
        }
    }

    @Test
    void aHostIpBindingAndARandomPortAreHonoured(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            NetNs box = Traffic.ns(c.createSandbox(SandboxSpec.named("s")));
            Endpoint e = c.connect("web", "s", publish("127.0.0.1:8080:80", "90"));
            int random = e.ports().get(1).hostPort();
            String[] range = hostNs.sysctl().read("net.ipv4.ip_local_port_range").strip().split("\\s+");

            assertThat(random).isBetween(Integer.parseInt(range[0]), Integer.parseInt(range[1]));
            assertThat(Wire.tcp(hostNs.ns(), box, 80, LOCALHOST, 8080)).as("bound to 127.0.0.1").isPresent();
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("not on the uplink address").isEmpty();
            assertThat(Wire.tcp(outside.ns(), box, 90, HOST, random)).as("the random port").isPresent();

            c.createNetwork(network("local", "10.11.0.0/24").withOptions(
                    java.util.Map.of("com.docker.network.bridge.host_binding_ipv4", "127.0.0.1")));
            NetNs other = Traffic.ns(c.createSandbox(SandboxSpec.named("t")));
            Endpoint t = c.connect("local", "t", publish("8081:80"));
            assertThat(t.ports()).extracting(PortBinding::toString).containsExactly("127.0.0.1:8081->80/tcp");
            assertThat(Wire.tcp(hostNs.ns(), other, 80, LOCALHOST, 8081)).as("the network's default host address").isPresent();
            assertThat(Wire.tcp(outside.ns(), other, 80, HOST, 8081)).as("only there").isEmpty();
        }
    }

    @Test
    void aPortPublishedOnLoopbackCannotBeReachedFromTheNetwork(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        // A neighbour that sends packets for 127.0.0.1 to the host (CVE-2020-8558's attack).
        outside.exec("ip", "route", "add", "127.0.0.1/32", "via", "198.51.100.1").orFail(List.of("ip route add"));
        outside.exec("sysctl", "-w", "net.ipv4.conf.wan0.route_localnet=1").orFail(List.of("sysctl"));
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            NetNs box = Traffic.ns(c.createSandbox(SandboxSpec.named("s")));
            c.connect("web", "s", publish("127.0.0.1:8080:80", "127.0.0.1:5353:5300/udp"));

            assertThat(Wire.tcp(hostNs.ns(), box, 80, LOCALHOST, 8080)).as("the host itself").isPresent();
            assertThat(Wire.tcp(outside.ns(), box, 80, LOCALHOST, 8080)).as("a neighbour, TCP").isEmpty();
            assertThat(Wire.udpEcho(outside.ns(), box, 5300, LOCALHOST, 5353)).as("a neighbour, UDP").isFalse();
        }
    }

    @Test
    void aTakenHostPortIsAClearConflictThatChangesNothing(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            c.createSandbox(SandboxSpec.named("a"));
            c.createSandbox(SandboxSpec.named("b"));
            c.connect("web", "a", publish("8080:80"));
            String rulesBefore = hostNs.exec("nft", "list", "ruleset").stdout();
            List<String> linksBefore = hostNs.ipLinkNames();

            assertThatThrownBy(() -> c.connect("web", "b", publish("9090:90", "127.0.0.1:8080:80")))
                    .isInstanceOf(JnetException.class).hasMessageContaining("127.0.0.1:8080/tcp is already published")
                    .extracting(ex -> ((JnetException) ex).kind()).isEqualTo(ErrorKind.CONFLICT);
            assertThat(c.endpointsOf(c.sandbox("b"))).isEmpty();
            assertThat(hostNs.exec("nft", "list", "ruleset").stdout()).isEqualTo(rulesBefore);
            assertThat(hostNs.ipLinkNames()).isEqualTo(linksBefore);
            assertThat(c.connect("web", "b", publish("9090:90", "8080:80/udp")).ports()).hasSize(2);
        }
    }

    @Test
    void aPortAHostProcessHoldsOrAForeignHostAddressIsRefused(ThrowawayNs hostNs) throws Exception {
        hostNs.rtnl().links().setUp(dev.jnet.net.IfName.of("lo"));
        try (FakeHost host = new FakeHost(hostNs);
             java.net.ServerSocket held = hostNs.call(() -> new java.net.ServerSocket(7070, 1, LOCALHOST));
             java.net.DatagramSocket heldUdp = hostNs.call(() -> {
                 java.net.DatagramSocket s = new java.net.DatagramSocket(null);
                 s.setReuseAddress(true); // as many UDP servers do
                 s.bind(new java.net.InetSocketAddress(7071));
                 return s;
             })) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24"));
            c.createSandbox(SandboxSpec.named("a"));

            assertThatThrownBy(() -> c.connect("web", "a", publish("7070:80")))
                    .hasMessage("host port 0.0.0.0:7070/tcp is in use by a process on the host")
                    .extracting(ex -> ((JnetException) ex).kind()).isEqualTo(ErrorKind.CONFLICT);
            assertThatThrownBy(() -> c.connect("web", "a", publish("7071:80/udp")))
                    .hasMessage("host port 0.0.0.0:7071/udp is in use by a process on the host");
            assertThatThrownBy(() -> c.connect("web", "a", publish("192.0.2.7:8080:80")))
                    .hasMessageContaining("host address 192.0.2.7 is not an address of this host")
                    .extracting(ex -> ((JnetException) ex).kind()).isEqualTo(ErrorKind.INVALID);
            assertThat(c.endpointsOf(c.sandbox("a"))).isEmpty();
            assertThat(c.connect("web", "a", publish("7070:80/udp", "7069-7070:81")).ports())
                    .extracting(PortBinding::toString).containsExactly("0.0.0.0:7070->80/udp", "0.0.0.0:7069->81/tcp");
        }
    }

    @Test
    void badPortRequestsAreRefusedBeforeAnythingIsMade(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24").withInternal(true));
            c.createSandbox(SandboxSpec.named("a"));

            assertThatThrownBy(() -> PortRequest.parse("8080:80/icmp")).hasMessageContaining("unknown protocol 'icmp'");
            assertThatThrownBy(() -> PortRequest.parse("70000:80")).hasMessageContaining("host port 70000 is outside 1-65535");
            assertThatThrownBy(() -> PortRequest.parse("8080:80-82")).hasMessageContaining("different lengths");
            assertThatThrownBy(() -> PortRequest.parse("1.2.3:80:80")).hasMessageContaining("not a valid IP address");
            assertThatThrownBy(() -> c.connect("web", "a", publish("80"))).hasMessageContaining("is internal");
            assertThatThrownBy(() -> c.connect("none", "a", publish("80"))).hasMessageContaining("its driver null does not publish ports");
            c.createNetwork(network("open", "10.30.0.0/24").withOptions(
                    java.util.Map.of("com.docker.network.bridge.gateway_mode_ipv4", "routed",
                            "com.docker.network.bridge.gateway_mode_ipv6", "routed")));
            c.createNetwork(network("shut", "10.31.0.0/24").withOptions(
                    java.util.Map.of("com.docker.network.bridge.gateway_mode_ipv4", "isolated",
                            "com.docker.network.bridge.gateway_mode_ipv6", "isolated")));
            c.createNetwork(network("plain", "10.32.0.0/24"));
            assertThatThrownBy(() -> c.connect("open", "a", publish("127.0.0.1:8080:80")))
                    .hasMessageContaining("is routed: ports are opened at the sandbox's own address");
            assertThatThrownBy(() -> c.connect("shut", "a", publish("80"))).hasMessageContaining("is isolated");
            assertThatThrownBy(() -> c.connect("plain", "a", publish("[::1]:8080:80"))).hasMessageContaining("::1 cannot be used");
            assertThat(c.endpointsOf(c.sandbox("a"))).isEmpty();
        }
    }
}
