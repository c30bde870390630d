package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.jnet.core.controller.PublishedPortsTest.network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** A bridge has room for 1,023 ports: one more connect is a clear CONFLICT that leaves nothing behind. */
@ExtendWith(NetnsExtension.class)
class FullBridgeTest {
    private static final String BRIDGE = "full0";

    /** Ports of the bridge, as the observer sees them. */
    private static int ports(ThrowawayNs ns) {
        int n = 0;
        for (JsonNode link : ns.json("ip", "-j", "link", "show", "master", BRIDGE)) {
            n += link.has("ifname") ? 1 : 0;
        }
        return n;
    }

    @Test
    void aConnectToANetworkWhoseBridgeHasEveryPortIsAConflictThatLeavesNothing(ThrowawayNs hostNs, @TempDir Path dir)
            throws IOException {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("full", "10.30.0.0/16").withOptions(java.util.Map.of("com.docker.network.bridge.name", BRIDGE)));
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 1023; i++) {
                batch.append("link add f").append(i).append(" type veth peer name g").append(i).append('\n')
                        .append("link set f").append(i).append(" master ").append(BRIDGE).append('\n');
            }
            Path file = Files.writeString(dir.resolve("fill"), batch);
            hostNs.exec("ip", "-batch", file.toString()).orFail(List.of("ip -batch fill"));
            assertThat(ports(hostNs)).isEqualTo(1023);
            c.createSandbox(SandboxSpec.named("late"));
            List<String> linksBefore = names(hostNs);

            assertThatExceptionOfType(JnetException.class).isThrownBy(() -> c.connect("full", "late", ConnectSpec.DEFAULT))
                    .satisfies(e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                    .withMessageContaining("network full is full: its bridge full0 has the 1023 ports a Linux bridge can take");
            assertThat(names(hostNs)).as("no veth left in the host").isEqualTo(linksBefore);
            assertThat(c.endpointsOf(c.network("full"))).isEmpty();

            hostNs.exec("ip", "link", "del", "f0").orFail(List.of("ip link del f0"));
            InetAddress first = c.connect("full", "late", ConnectSpec.DEFAULT).ipv4().orElseThrow().address();
            assertThat(first.getHostAddress()).as("the failed connect held no address").isEqualTo("10.30.0.2");
        }
    }

    private static List<String> names(ThrowawayNs ns) {
        List<String> out = new java.util.ArrayList<>();
        ns.json("ip", "-j", "link", "show").forEach(l -> out.add(l.path("ifname").asString()));
        return out.stream().sorted().toList();
    }
}
