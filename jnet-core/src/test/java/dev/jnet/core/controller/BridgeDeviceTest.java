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
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bridge device itself, seen with {@code ip -j -d link}: a MAC and an MTU of its own (as Docker's), so the
 * gateway's MAC does not follow the ports, and multicast snooping off unless asked for.
 */
@ExtendWith(NetnsExtension.class)
class BridgeDeviceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String GATEWAY = "10.77.0.1";

    @Test
    void aBridgeHasAMacFromItsNetworkIdTheMtuAndNoMulticastSnoopingUnlessAsked(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network plain = c.createNetwork(NetworkSpec.named("plain"));
            Network asked = c.createNetwork(NetworkSpec.named("asked").withOptions(Map.of(
                    "com.docker.network.driver.mtu", "1400", "dev.jnet.bridge.multicast_snooping", "true")));

            JsonNode p = hostNs.ipLink("br-" + plain.id().shortId());
            assertThat(p.path("address").asString()).isEqualTo(expectedMac(plain));
            assertThat(p.path("mtu").asInt()).isEqualTo(1500);
            assertThat(p.path("linkinfo").path("info_data").path("mcast_snooping").asInt(-1)).isZero();
            JsonNode a = hostNs.ipLink("br-" + asked.id().shortId());
            assertThat(a.path("address").asString()).isEqualTo(expectedMac(asked));
            assertThat(a.path("mtu").asInt()).isEqualTo(1400);
            assertThat(a.path("linkinfo").path("info_data").path("mcast_snooping").asInt(-1)).isEqualTo(1);
        }
    }

    @Test
    void theGatewayKeepsItsMacWhilePortsComeAndGo(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network net = c.createNetwork(NetworkSpec.named("stable")
                    .withIpv4(List.of(PoolRequest.subnet(Cidr.parse("10.77.0.0/24")))));
            String bridge = "br-" + net.id().shortId();
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            c.createSandbox(SandboxSpec.named("b"));
            c.createSandbox(SandboxSpec.named("c"));
            c.connect("stable", "a", ConnectSpec.DEFAULT);
            List<Endpoint> others = List.of(c.connect("stable", "b", ConnectSpec.DEFAULT),
                    c.connect("stable", "c", ConnectSpec.DEFAULT));
            assertThat(hostNs.ipLink(bridge).path("address").asString()).isEqualTo(expectedMac(net));
            assertThat(gatewayMacSeenBy(a)).isEqualTo(expectedMac(net));

            // Without a MAC of its own the bridge would take its lowest port's, and change when that one leaves.
            for (Endpoint e : others) {
                c.disconnect("stable", c.sandbox(e.sandbox().value()).name(), false);
                assertThat(hostNs.ipLink(bridge).path("address").asString()).isEqualTo(expectedMac(net));
            }
            assertThat(gatewayMacSeenBy(a)).isEqualTo(expectedMac(net));
        }
    }

    @Test
    void aMalformedSnoopingOptionIsRefusedAndLeavesNoBridge(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            List<String> before = hostNs.ipLinkNames();

            assertThatExceptionOfType(JnetException.class).isThrownBy(() -> c.createNetwork(NetworkSpec.named("bad")
                            .withOptions(Map.of("dev.jnet.bridge.multicast_snooping", "maybe"))))
                    .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID))
                    .withMessageContaining("dev.jnet.bridge.multicast_snooping").withMessageContaining("maybe");
            assertThat(hostNs.ipLinkNames()).containsExactlyInAnyOrderElementsOf(before);
        }
    }

    /** 02:6a and the first four bytes of the network's id. */
    private static String expectedMac(Network network) {
        String id = network.id().value();
        return "02:6a:" + id.substring(0, 2) + ":" + id.substring(2, 4) + ":" + id.substring(4, 6) + ":" + id.substring(6, 8);
    }

    /**
     * Sends a datagram from the sandbox to its gateway, after forgetting its neighbours: the kernel asks for
     * the gateway's MAC again (ARP), and the bridge answers with its own.
     */
    private static String gatewayMacSeenBy(Sandbox sandbox) {
        Command.check("nsenter", "--net=" + sandbox.namespace(), "ip", "neigh", "flush", "dev", "eth0");
        TestKernel.executor().call(Traffic.ns(sandbox), () -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.send(new DatagramPacket(new byte[1], 1, InetAddress.getByName(GATEWAY), 9));
            }
            return null;
        });
        String[] mac = {""};
        Eventually.until("an ARP answer from the gateway", () -> !(mac[0] = gatewayNeighbour(sandbox)).isEmpty());
        return mac[0];
    }

    /** The MAC of the sandbox's neighbour entry for the gateway ({@code ip -j neigh}), empty while unresolved. */
    private static String gatewayNeighbour(Sandbox sandbox) {
        String out = Command.check("nsenter", "--net=" + sandbox.namespace(), "ip", "-j", "neigh", "show", GATEWAY);
        JsonNode entries = JSON.readTree(out.isBlank() ? "[]" : out);
        return entries.isEmpty() ? "" : entries.get(0).path("lladdr").asString("");
    }
}
