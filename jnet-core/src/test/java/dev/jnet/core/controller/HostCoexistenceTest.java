package dev.jnet.core.controller;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.ipam.DefaultIpam;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.core.store.InMemoryStore;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A fake host as real ones are: it already uses subnets (Docker, a VPN: routes and addresses added with
 * {@code ip}), another controller may run in it, sandboxes have loopback. Seen with {@code ip -j} and real TCP.
 */
@ExtendWith(NetnsExtension.class)
class HostCoexistenceTest {
    /** A veth in the fake host standing for docker0 or a VPN's tunnel. */
    private static void hostInterface(ThrowawayNs ns) {
        ns.exec("ip", "link", "add", "hv0", "type", "veth", "peer", "name", "hv1").orFail(List.of("ip link add hv0"));
        ns.exec("ip", "link", "set", "hv0", "up").orFail(List.of("ip link set hv0 up"));
    }

    private static void ip(ThrowawayNs ns, String... args) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        ns.exec(command.toArray(String[]::new)).orFail(command);
    }

    /** The IPv4 addresses the observer sees on a link, as CIDRs. */
    private static List<String> ipv4Of(ThrowawayNs ns, String link) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : ns.json("ip", "-j", "-4", "addr", "show", "dev", link)) {
            l.path("addr_info").forEach(a -> out.add(a.path("local").asString() + "/" + a.path("prefixlen").asInt()));
        }
        return out;
    }

    private static NetworkSpec withSubnet(String name, String subnet) {
        return NetworkSpec.named(name).withIpv4(List.of(PoolRequest.subnet(Cidr.parse(subnet))));
    }

    private static void refused(Runnable call, ErrorKind kind, String message) {
        assertThatExceptionOfType(JnetException.class).isThrownBy(call::run)
                .matches(e -> e.kind() == kind, "kind " + kind).withMessageContaining(message);
    }

    @Test
    void theDefaultBridgeAndLaterNetworksSkipSubnetsTheHostRoutesEvenOnesThatAppearAfterStart(ThrowawayNs ns) {
        hostInterface(ns);
        ip(ns, "route", "add", "172.17.0.0/16", "dev", "hv0"); // docker0's
        ip(ns, "addr", "add", "172.18.0.5/32", "dev", "hv0"); // a VPN's point-to-point address
        try (FakeHost host = new FakeHost(ns)) {
            Controller c = host.controller();
            assertThat(ipv4Of(ns, "jnet0")).containsExactly("172.19.0.1/16");
            assertThat(c.network("bridge").ipv4().getFirst().subnet()).isEqualTo(Cidr.parse("172.19.0.0/16"));

            assertThat(c.createNetwork(NetworkSpec.named("first")).ipv4().getFirst().subnet().toString())
                    .isEqualTo("172.20.0.0/16");
            ip(ns, "route", "add", "172.21.0.0/16", "dev", "hv0"); // a VPN that came up after start
            Network second = c.createNetwork(NetworkSpec.named("second"));
            assertThat(second.ipv4().getFirst().subnet().toString()).isEqualTo("172.22.0.0/16");
            assertThat(ipv4Of(ns, "br-" + second.id().shortId())).containsExactly("172.22.0.1/16");
        }
    }

    @Test
    void aGivenSubnetOverlappingAHostRouteIsTakenWithAWarningAndCarriesTraffic(ThrowawayNs ns) {
        hostInterface(ns);
        ip(ns, "route", "add", "172.17.0.0/16", "dev", "hv0");
        try (FakeHost host = new FakeHost(ns)) {
            Controller c = host.controller();
            NetworkCreated created = c.createNetworkWithWarnings(withSubnet("web", "172.17.5.0/24"));

            assertThat(created.warnings()).containsExactly("subnet 172.17.5.0/24 overlaps the host's route 172.17.0.0/16"
                    + " dev hv0; the host now has two ways to those addresses and may send their traffic the wrong way");
            assertThat(ipv4Of(ns, "br-" + created.network().id().shortId())).containsExactly("172.17.5.1/24");
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("web", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("web", "b", ConnectSpec.DEFAULT);
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).isTrue();

            assertThat(c.createNetworkWithWarnings(withSubnet("quiet", "10.44.0.0/24")).warnings()).isEmpty();
        }
    }

    @Test
    void aGivenSubnetHoldingTheHostsAddressIsRefusedAndLeavesNothingBehind(ThrowawayNs ns) {
        hostInterface(ns);
        ip(ns, "addr", "add", "10.30.0.5/24", "dev", "hv0");
        try (FakeHost host = new FakeHost(ns)) {
            Controller c = host.controller();
            List<String> links = ns.ipLinkNames();

            refused(() -> c.createNetwork(withSubnet("clash", "10.30.0.0/16")), ErrorKind.INVALID,
                    "subnet 10.30.0.0/16 contains the host's own address 10.30.0.5/24 on hv0");

            assertThat(ns.ipLinkNames()).isEqualTo(links);
            assertThat(c.networks()).extracting(Network::name).containsExactly("bridge", "host", "none");
            // Nothing held: the same subnet goes once the host gives its address up.
            ip(ns, "addr", "del", "10.30.0.5/24", "dev", "hv0");
            assertThat(c.createNetwork(withSubnet("clash", "10.30.0.0/16")).name()).isEqualTo("clash");
        }
    }

    @Test
    void aSlash31NeedsANetworkWithoutGatewayAndThenCarriesTrafficBetweenItsTwoEndpoints(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            Controller c = host.controller();
            List<String> links = ns.ipLinkNames();

            refused(() -> c.createNetwork(withSubnet("p2p", "10.31.0.0/31")), ErrorKind.INVALID,
                    "subnet 10.31.0.0/31 holds only 2 addresses: too small for a network with a gateway");
            assertThat(ns.ipLinkNames()).isEqualTo(links);

            Network p2p = c.createNetwork(withSubnet("p2p", "10.31.0.0/31").withInternal(true)
                    .withOptions(Map.of("com.docker.network.bridge.inhibit_ipv4", "true")));
            assertThat(ipv4Of(ns, "br-" + p2p.id().shortId())).isEmpty();
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Endpoint ea = c.connect("p2p", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("p2p", "b", ConnectSpec.DEFAULT);
            assertThat(List.of(ea.ipv4().orElseThrow().toString(), eb.ipv4().orElseThrow().toString()))
                    .containsExactly("10.31.0.0/31", "10.31.0.1/31");
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).isTrue();
        }
    }

    @Test
    void anAddressTheKernelRefusesOnTheBridgeIsInvalidInTheNetworksWordsAndTheBridgeGoes(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            // No request can ask for this any more (PoolRequest refuses loopback): a stored or hand-made
            // network still must not surface the kernel's EADDRNOTAVAIL as "not found".
            Driver bridge = dev.jnet.core.driver.BuiltinDrivers.create(host.kernel).get("bridge");
            NetworkId id = NetworkId.random();
            Network odd = new Network(id, "odd", "bridge", Instant.now(), List.of(),
                    List.of(new IpamPool(Cidr.parse("::/127"), Optional.empty(), Optional.of(Cidr.parseAddress("::1")), Map.of())),
                    Map.of(), Map.of(), false, false, false, true);

            refused(() -> bridge.createNetwork(odd, bridge.plan(id, NetworkSpec.named("odd"))), ErrorKind.INVALID, "network odd: gateway ::1/127 cannot be put on"
                    + " bridge br-" + id.shortId() + ": add address ::1/127 to link #");
            refused(() -> bridge.createNetwork(odd, bridge.plan(id, NetworkSpec.named("odd"))), ErrorKind.INVALID, "Cannot assign requested address (EADDRNOTAVAIL)");
            assertThat(ns.ipLinkNames()).doesNotContain("br-" + id.shortId());
        }
    }

    @Test
    void aSecondControllerInTheNamespaceIsRefusedAndTheFirstsBridgesSurvive(ThrowawayNs ns, @TempDir Path dir) {
        try (FakeHost host = new FakeHost(ns)) {
            Network web = host.controller().createNetwork(NetworkSpec.named("web"));
            String bridge = "br-" + web.id().shortId();
            ControllerConfig other = ControllerConfig.defaults().withDirectories(dir.resolve("state"), dir.resolve("run"));

            refused(() -> Controller.start(other, host.kernel, new InMemoryStore(), new DefaultIpam("other"),
                            dev.jnet.core.driver.BuiltinDrivers.create(host.kernel)), ErrorKind.CONFLICT,
                    "another jnetd already runs in this network namespace (" + ns.ns().path()
                            + "), or another program's jnet controller does; run each in a namespace of its own");

            assertThat(ns.ipLinkNames()).contains("jnet0", bridge);
            assertThat(ns.json("nft", "-j", "list", "table", "inet", "jnet").toString()).contains(bridge);
            assertThat(dir.resolve("state")).doesNotExist();
            // Closing the first frees the namespace: a restart (what FakeHost.start does) takes it again.
            assertThat(host.start().network("web").id()).isEqualTo(web.id());
        }
    }

    @Test
    void anInterfaceNameTheSandboxAlreadyHasIsRefusedAndLoopbackSaysSo(ThrowawayNs ns) {
        try (FakeHost host = new FakeHost(ns)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("web"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            List<String> links = ns.ipLinkNames();

            refused(() -> c.connect("web", "a", ifname("lo")), ErrorKind.INVALID,
                    "sandbox a already has an interface lo, its loopback: com.docker.network.endpoint.ifname must name"
                            + " another interface");
            Command.check("nsenter", "--net=" + a.namespace(), "ip", "link", "add", "own0", "type", "veth", "peer", "name", "own1");
            refused(() -> c.connect("web", "a", ifname("own0")), ErrorKind.CONFLICT,
                    "sandbox a already has an interface own0 that jnet did not make");

            assertThat(ns.ipLinkNames()).isEqualTo(links);
            assertThat(c.endpointsOf(a)).isEmpty();
            assertThat(c.connect("web", "a", ifname("web0")).interfaceName().value()).isEqualTo("web0");
        }
    }

    private static ConnectSpec ifname(String name) {
        return new ConnectSpec(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Map.of("com.docker.network.endpoint.ifname", name));
    }

}
