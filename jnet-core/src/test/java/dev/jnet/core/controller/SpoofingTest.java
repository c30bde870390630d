package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IpFormat;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static dev.jnet.core.controller.PublishedPortsTest.network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A sandbox that claims a neighbour's IP or MAC gets none of its traffic on a bridge network that pins
 * addresses to ports (the default); on a network with {@code dev.jnet.bridge.pin_addresses=false} the same
 * attack succeeds, which shows each test can fail. Each test runs the attack on both networks of one fake
 * host: the pinned one first, so that the loose one's success also shows the attack's frames were handled.
 */
@ExtendWith(NetnsExtension.class)
class SpoofingTest {
    private static final String PIN = "dev.jnet.bridge.pin_addresses";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PORT = 7300;

    /** A victim, an attacker and a client that talks to the victim, on one network. */
    private record Trio(String network, boolean pinned, Sandbox victim, Endpoint victimEndpoint, Sandbox attacker,
                        Endpoint attackerEndpoint, Sandbox client, Endpoint clientEndpoint) {
        InetAddress victimIp(boolean ipv6) {
            return (ipv6 ? victimEndpoint.ipv6() : victimEndpoint.ipv4()).orElseThrow().address();
        }
    }

    private static Trio trio(Controller c, String name, String subnet, boolean pinned, boolean ipv6) {
        NetworkSpec spec = network(name, subnet + "0/24").withOptions(Map.of(PIN, Boolean.toString(pinned)));
        if (ipv6) {
            spec = spec.withIpv6(List.of(PoolRequest.subnet(Cidr.parse("fd00:" + subnet.split("\\.")[1] + "::/64"))));
        }
        c.createNetwork(spec);
        Sandbox victim = c.createSandbox(SandboxSpec.named(name + "-victim"));
        Sandbox attacker = c.createSandbox(SandboxSpec.named(name + "-attacker"));
        Sandbox client = c.createSandbox(SandboxSpec.named(name + "-client"));
        Endpoint v = c.connect(name, victim.name(), ConnectSpec.DEFAULT);
        Endpoint a = c.connect(name, attacker.name(), ConnectSpec.DEFAULT);
        Endpoint k = c.connect(name, client.name(), ConnectSpec.DEFAULT);
        return new Trio(name, pinned, victim, v, attacker, a, client, k);
    }

    @ParameterizedTest(name = "priority-tagged: {0}")
    @ValueSource(booleans = {false, true})
    void aSandboxThatClaimsItsNeighboursIpv4ByGratuitousArpGetsNoneOfItsTraffic(boolean tagged, ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<Trio> trios = List.of(trio(c, "pinned", "10.71.0.", true, false), trio(c, "loose", "10.72.0.", false, false));
            for (Trio t : trios) {
                InetAddress ip = t.victimIp(false);
                assertThat(receivers(Traffic.ns(t.client()), ip, t)).as("before, from a sandbox").containsExactly("victim");
                assertThat(receivers(hostNs.ns(), ip, t)).as("before, from the host").containsExactly("victim");
                inSandbox(t.attacker(), "ip", "address", "add", ip.getHostAddress() + "/32", "dev", "eth0");
                byte[] garp = RawFrames.gratuitousArp(t.attackerEndpoint().mac(), ip);
                RawFrames.send(Traffic.ns(t.attacker()), "eth0", tagged ? RawFrames.priorityTagged(garp) : garp);
            }
            for (Trio t : trios.reversed()) {
                InetAddress ip = t.victimIp(false);
                MacAddress expected = (t.pinned() ? t.victimEndpoint() : t.attackerEndpoint()).mac();
                String winner = t.pinned() ? "victim" : "attacker";
                assertThat(neighbour(sandboxCommand(t.client(), "ip", "-j", "neigh", "show", ip.getHostAddress())))
                        .as(t.network() + ": the client's neighbour entry").isEqualTo(expected.toString());
                assertThat(neighbour(hostNs.exec("ip", "-j", "neigh", "show", ip.getHostAddress()).stdout()))
                        .as(t.network() + ": the host's neighbour entry").isEqualTo(expected.toString());
                assertThat(receivers(Traffic.ns(t.client()), ip, t)).as(t.network() + ", from a sandbox").containsExactly(winner);
                assertThat(receivers(hostNs.ns(), ip, t)).as(t.network() + ", from the host").containsExactly(winner);
            }
        }
    }

    @ParameterizedTest(name = "taught by link-local frame: {0}")
    @ValueSource(booleans = {false, true})
    void aSandboxThatTakesItsNeighboursMacGetsNoneOfItsTraffic(boolean linkLocal, ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<Trio> trios = List.of(trio(c, "pinned", "10.73.0.", true, false), trio(c, "loose", "10.74.0.", false, false));
            Map<Trio, String> victimPort = new LinkedHashMap<>();
            for (Trio t : trios) {
                InetAddress ip = t.victimIp(false);
                MacAddress mac = t.victimEndpoint().mac();
                assertThat(receivers(Traffic.ns(t.client()), ip, t)).as("before").containsExactly("victim");
                victimPort.put(t, fdbPort(hostNs, mac));
                inSandbox(t.attacker(), "ip", "link", "set", "eth0", "address", mac.toString());
                inSandbox(t.attacker(), "ip", "address", "add", ip.getHostAddress() + "/32", "dev", "eth0");
                if (linkLocal) {
                    RawFrames.send(Traffic.ns(t.attacker()), "eth0", RawFrames.lldp(mac));
                } else { // the attacker's own kernel sends with the stolen MAC
                    sendFrom(Traffic.ns(t.attacker()), ip, t.clientEndpoint().ipv4().orElseThrow().address());
                }
            }
            for (Trio t : trios.reversed()) {
                String port = fdbPort(hostNs, t.victimEndpoint().mac());
                if (t.pinned()) {
                    assertThat(port).as("pinned: the bridge's port for the victim's MAC").isEqualTo(victimPort.get(t));
                } else {
                    assertThat(port).as("loose: the bridge's port for the victim's MAC").isNotEqualTo(victimPort.get(t));
                }
                assertThat(receivers(Traffic.ns(t.client()), t.victimIp(false), t)).as(t.network())
                        .containsExactly(t.pinned() ? "victim" : "attacker");
            }
        }
    }

    @Test
    void aSandboxThatAdvertisesItsNeighboursIpv6GetsNoneOfItsTraffic(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<Trio> trios = List.of(trio(c, "pinned", "10.75.0.", true, true), trio(c, "loose", "10.76.0.", false, true));
            for (Trio t : trios) {
                InetAddress ip = t.victimIp(true);
                assertThat(receivers(Traffic.ns(t.client()), ip, t)).as("before, from a sandbox").containsExactly("victim");
                assertThat(receivers(hostNs.ns(), ip, t)).as("before, from the host").containsExactly("victim");
                inSandbox(t.attacker(), "ip", "address", "add", IpFormat.format(ip) + "/128", "dev", "eth0", "nodad");
                // From the attacker's own (pinned) address: only the advertised target gives it away.
                RawFrames.send(Traffic.ns(t.attacker()), "eth0", RawFrames.neighbourAdvertisement(
                        t.attackerEndpoint().mac(), t.attackerEndpoint().ipv6().orElseThrow().address(), ip));
            }
            for (Trio t : trios.reversed()) {
                InetAddress ip = t.victimIp(true);
                MacAddress expected = (t.pinned() ? t.victimEndpoint() : t.attackerEndpoint()).mac();
                String winner = t.pinned() ? "victim" : "attacker";
                assertThat(neighbour(sandboxCommand(t.client(), "ip", "-j", "-6", "neigh", "show", IpFormat.format(ip))))
                        .as(t.network() + ": the client's neighbour entry").isEqualTo(expected.toString());
                assertThat(neighbour(hostNs.exec("ip", "-j", "-6", "neigh", "show", IpFormat.format(ip)).stdout()))
                        .as(t.network() + ": the host's neighbour entry").isEqualTo(expected.toString());
                assertThat(receivers(Traffic.ns(t.client()), ip, t)).as(t.network() + ", from a sandbox").containsExactly(winner);
                assertThat(receivers(hostNs.ns(), ip, t)).as(t.network() + ", from the host").containsExactly(winner);
            }
        }
    }

    @Test
    void aSandboxCannotOfferItselfAsRouterToItsNeighbours(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<Trio> trios = List.of(trio(c, "pinned", "10.77.0.", true, true), trio(c, "loose", "10.78.0.", false, true));
            for (Trio t : trios) {
                MacAddress mac = t.attackerEndpoint().mac();
                RawFrames.send(Traffic.ns(t.attacker()), "eth0", RawFrames.routerAdvertisement(mac, mac.linkLocalIpv6()));
            }
            for (Trio t : trios.reversed()) {
                String routes = sandboxCommand(t.victim(), "ip", "-6", "route", "show", "default");
                String attacker = IpFormat.format(t.attackerEndpoint().mac().linkLocalIpv6());
                if (t.pinned()) {
                    assertThat(routes).as("pinned").doesNotContain(attacker);
                } else {
                    assertThat(routes).as("loose").contains("via " + attacker);
                }
            }
        }
    }

    @Test
    void anEndpointsPinsAppearAtConnectAndGoAtDisconnect(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("pinned", "10.79.0.0/24").withIpv6(List.of(PoolRequest.subnet(Cidr.parse("fd00:79::/64"))))
                    .withOptions(Map.of("com.docker.network.bridge.name", "pinned0")));
            c.createNetwork(network("loose", "10.80.0.0/24").withOptions(Map.of(PIN, "false",
                    "com.docker.network.bridge.name", "loose0")));
            c.createSandbox(SandboxSpec.named("s"));
            Endpoint e = c.connect("pinned", "s", ConnectSpec.DEFAULT);
            c.connect("loose", "s", ConnectSpec.DEFAULT);

            String ll = IpFormat.format(e.mac().linkLocalIpv6());
            assertThat(elements(hostNs, "pinned_mac")).singleElement().asString().endsWith(" " + e.mac());
            assertThat(elements(hostNs, "pinned_ipv4")).singleElement().asString().endsWith(" 10.79.0.2");
            assertThat(elements(hostNs, "pinned_ipv6")).hasSize(2).anyMatch(s -> s.endsWith(" fd00:79::2"))
                    .anyMatch(s -> s.endsWith(" " + ll));
            assertThat(elements(hostNs, "pinned_nd")).hasSize(2)
                    .anyMatch(s -> s.endsWith(" 0xfd000079000000000000000000000002"));
            assertThat(elements(hostNs, "pinned")).hasSize(1);
            assertThat(learnsFromLinkLocal(hostNs, "pinned0")).isFalse();
            assertThat(learnsFromLinkLocal(hostNs, "loose0")).isTrue();

            c.disconnect("pinned", "s", false);
            for (String set : List.of("pinned", "pinned_mac", "pinned_ipv4", "pinned_ipv6", "pinned_nd")) {
                assertThat(elements(hostNs, set)).as(set).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "", "yes"})
    void aBadPinningValueIsRefusedAndLeavesNothing(String value, ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            int links = hostNs.ipLinkNames().size();
            assertThatThrownBy(() -> c.createNetwork(network("bad", "10.81.0.0/24").withOptions(Map.of(PIN, value))))
                    .isInstanceOfSatisfying(JnetException.class, ex -> {
                        assertThat(ex.kind()).isEqualTo(ErrorKind.INVALID);
                        assertThat(ex.getMessage()).contains(PIN, "true or false");
                    });
            assertThatThrownBy(() -> c.createNetwork(network("bad", "10.81.0.0/24").withOptions(Map.of("dev.jnet.bridge.pin", "false"))))
                    .isInstanceOfSatisfying(JnetException.class, ex -> {
                        assertThat(ex.kind()).isEqualTo(ErrorKind.INVALID);
                        assertThat(ex.getMessage()).contains("unknown option dev.jnet.bridge.pin", PIN);
                    });
            assertThat(c.networks()).noneMatch(n -> n.name().equals("bad"));
            assertThat(hostNs.ipLinkNames()).hasSize(links);
        }
    }

    /**
     * Which of the trio's victim and attacker got a datagram sent from {@code from} to {@code target}. Each
     * waits up to 2 s; once one has it, the other gets 300 ms more (a frame flooded to both arrives at once).
     */
    private static List<String> receivers(NetNs from, InetAddress target, Trio t) {
        Map<String, NetNs> candidates = Map.of("victim", Traffic.ns(t.victim()), "attacker", Traffic.ns(t.attacker()));
        Map<String, DatagramSocket> sockets = new LinkedHashMap<>();
        AtomicLong deadline = new AtomicLong(System.nanoTime() + 2_000_000_000L);
        try (ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var candidate : candidates.entrySet()) {
                sockets.put(candidate.getKey(), TestKernel.executor().call(candidate.getValue(), () -> new DatagramSocket(PORT)));
            }
            Map<String, CompletableFuture<Boolean>> got = new LinkedHashMap<>();
            sockets.forEach((name, socket) -> got.put(name, CompletableFuture.supplyAsync(() -> receivesOne(socket, deadline), waiters)));
            TestKernel.executor().call(from, () -> {
                try (DatagramSocket sender = new DatagramSocket()) {
                    sender.send(new DatagramPacket(new byte[] {1}, 1, target, PORT));
                }
                return null;
            });
            List<String> names = new ArrayList<>();
            got.forEach((name, future) -> {
                if (future.join()) {
                    names.add(name);
                }
            });
            return names;
        } finally {
            sockets.values().forEach(DatagramSocket::close);
        }
    }

    private static boolean receivesOne(DatagramSocket socket, AtomicLong deadline) {
        try {
            socket.setSoTimeout(50);
            while (System.nanoTime() < deadline.get()) {
                try {
                    socket.receive(new DatagramPacket(new byte[16], 16));
                    deadline.accumulateAndGet(System.nanoTime() + 300_000_000L, Math::min);
                    return true;
                } catch (SocketTimeoutException e) {
                    // keep waiting until the deadline
                }
            }
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A datagram from {@code source} (an address of {@code ns}) to {@code target}: the attacker's kernel at work. */
    private static void sendFrom(NetNs ns, InetAddress source, InetAddress target) {
        TestKernel.executor().call(ns, () -> {
            try (DatagramSocket sender = new DatagramSocket(new InetSocketAddress(source, 0))) {
                sender.send(new DatagramPacket(new byte[] {1}, 1, target, PORT));
            }
            return null;
        });
    }

    private static void inSandbox(Sandbox s, String... command) {
        sandboxCommand(s, command);
    }

    private static String sandboxCommand(Sandbox s, String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + s.namespace()));
        full.addAll(List.of(command));
        return Command.run(full).orFail(full).stdout();
    }

    /** The link-layer address of the only entry {@code ip -j neigh show ADDRESS} printed. */
    private static String neighbour(String json) {
        JsonNode entries = JSON.readTree(json);
        assertThat(entries.size()).as("neighbour entries: " + json).isEqualTo(1);
        return entries.get(0).path("lladdr").asString();
    }

    /** The bridge port the host's bridge forwards {@code mac} to ({@code bridge -j fdb}). */
    private static String fdbPort(ThrowawayNs hostNs, MacAddress mac) {
        for (JsonNode entry : JSON.readTree(hostNs.exec("bridge", "-j", "fdb", "show").stdout())) {
            if (entry.path("mac").asString().equals(mac.toString()) && !entry.has("vlan")) {
                return entry.path("ifname").asString();
            }
        }
        return "";
    }

    /** A set's elements in {@code table bridge jnet} as nft -j lists them, each written "port . value". */
    private static List<String> elements(ThrowawayNs hostNs, String set) {
        JsonNode listing = JSON.readTree(hostNs.exec("nft", "-j", "list", "set", "bridge", "jnet", set).stdout());
        List<String> out = new ArrayList<>();
        for (JsonNode item : listing.path("nftables")) {
            for (JsonNode element : item.path("set").path("elem")) {
                JsonNode concat = element.path("concat");
                out.add(concat.isMissingNode() ? element.asString() : concat.get(0).asString() + " . " + concat.get(1).asString());
            }
        }
        return out;
    }

    private static boolean learnsFromLinkLocal(ThrowawayNs hostNs, String bridge) {
        return hostNs.ipLink(bridge).path("linkinfo").path("info_data").path("no_linklocal_learn").asInt() == 0;
    }
}
