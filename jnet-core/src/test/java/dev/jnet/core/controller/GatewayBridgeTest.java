package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.netns.NetNs;
import dev.jnet.kernel.rtnl.Route;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static dev.jnet.core.controller.OutsideWorld.HOST;
import static dev.jnet.core.controller.OutsideWorld.OUTSIDE;
import static dev.jnet.core.controller.PublishedPortsTest.network;
import static dev.jnet.core.controller.PublishedPortsTest.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Overlay sandboxes' way out through the gateway bridge ({@code docker_gwbridge}): masqueraded egress, ports
 * published on their host, no path or names between sandboxes of different overlays through it, and the
 * gateway endpoint coming and going with the sandbox's overlay networks. One host on its own: the overlays'
 * VXLAN ids are given, no peers.
 */
@ExtendWith(NetnsExtension.class)
class GatewayBridgeTest {
    private static NetworkSpec overlay(String name, String subnet, int vni) {
        return network(name, subnet).withDriver("overlay")
                .withOptions(Map.of("com.docker.network.driver.overlay.vxlanid_list", Integer.toString(vni)));
    }

    /** The sandbox's interfaces as {@code ip -j link} lists them. */
    private static List<String> links(NetNs sandbox) {
        var listed = dev.jnet.kernel.testing.Command.run("nsenter", "--net=" + sandbox.path(), "ip", "-j", "link", "show");
        List<String> names = new java.util.ArrayList<>();
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(listed.stdout())
                .forEach(l -> names.add(l.path("ifname").asString()));
        return names;
    }

    private static List<String> networksOf(Controller c, String sandbox) {
        return c.endpointsOf(c.sandbox(sandbox)).stream().map(e -> c.network(e.network().value()).name()).toList();
    }

    @Test
    void anOverlaySandboxReachesOutMasqueradedAndItsPublishedPortsReachIt(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(overlay("ov", "10.70.0.0/24", 4200));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            Endpoint e = c.connect("ov", "s", publish("8080:80"));
            NetNs box = Traffic.ns(s);

            assertThat(e.ports()).as("the overlay endpoint publishes nothing itself").isEmpty();
            assertThat(networksOf(c, "s")).containsExactly("ov", NetworkSpec.GATEWAY_BRIDGE);
            Network gateway = c.network(NetworkSpec.GATEWAY_BRIDGE);
            Endpoint viaGateway = c.endpointsOf(gateway).getFirst();
            assertThat(viaGateway.interfaceName()).isEqualTo(IfName.of("eth1"));
            assertThat(viaGateway.ports()).extracting(PortBinding::toString).containsExactly("0.0.0.0:8080->80/tcp");
            assertThat(hostNs.rtnl().links().find(IfName.of("jnet_gwbridge"))).as("its Linux bridge").isPresent();
            Route route = host.kernel.in(box).routes().list(true).stream().filter(Route::isDefault).findFirst().orElseThrow();
            assertThat(route.gateway()).contains(gateway.ipv4().getFirst().gateway().orElseThrow());
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("outbound, masqueraded").contains("198.51.100.1");
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("inbound through the published port").contains("198.51.100.2");
            assertThat(c.servesNames(c.network("ov"))).isTrue();
            assertThat(c.servesNames(gateway)).as("no names on the gateway bridge").isFalse();
        }
    }

    @Test
    void sandboxesOfDifferentOverlaysCannotReachEachOtherThroughTheGatewayBridge(ThrowawayNs hostNs) {
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(overlay("red", "10.71.0.0/24", 4201));
            c.createNetwork(overlay("blue", "10.72.0.0/24", 4202));
            Sandbox r = c.createSandbox(SandboxSpec.named("r"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            Sandbox r2 = c.createSandbox(SandboxSpec.named("r2"));
            c.connect("red", "r", ConnectSpec.DEFAULT);
            c.connect("red", "r2", ConnectSpec.DEFAULT);
            c.connect("blue", "b", ConnectSpec.DEFAULT);
            Network gateway = c.network(NetworkSpec.GATEWAY_BRIDGE);
            InetAddress bOnGateway = c.endpointsOf(b).stream().filter(e -> e.network().equals(gateway.id()))
                    .findFirst().orElseThrow().ipv4().orElseThrow().address();
            InetAddress r2OnRed = c.endpointsOf(r2).stream().filter(e -> !e.network().equals(gateway.id()))
                    .findFirst().orElseThrow().ipv4().orElseThrow().address();

            c.createNetwork(network("web", "10.79.0.0/24"));
            Sandbox w = c.createSandbox(SandboxSpec.named("w"));
            InetAddress wOnWeb = c.connect("web", "w", ConnectSpec.DEFAULT).ipv4().orElseThrow().address();

            assertThat(Traffic.connects(r, r2, r2OnRed)).as("same overlay, on the overlay").isTrue();
            assertThat(Traffic.connects(r, b, bOnGateway)).as("another overlay's sandbox on the gateway bridge").isFalse();
            assertThat(Traffic.connects(r, w, wOnWeb)).as("a bridge network's sandbox, through the gateway bridge").isFalse();
            assertThat(Traffic.connects(w, r, r2OnRed)).as("and the other way, to the overlay's subnet").isFalse();
        }
    }

    @Test
    void theGatewayEndpointGoesWithTheLastOverlayAndNotBefore(ThrowawayNs hostNs) {
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(overlay("one", "10.73.0.0/24", 4203));
            c.createNetwork(overlay("two", "10.74.0.0/24", 4204));
            NetNs box = Traffic.ns(c.createSandbox(SandboxSpec.named("s")));
            c.connect("one", "s", ConnectSpec.DEFAULT);
            c.connect("two", "s", ConnectSpec.DEFAULT);
            assertThat(networksOf(c, "s")).containsExactlyInAnyOrder("one", "two", NetworkSpec.GATEWAY_BRIDGE);
            assertThat(links(box)).as("as ip sees the sandbox").containsExactlyInAnyOrder("lo", "eth0", "eth1", "eth2");

            assertThatThrownBy(() -> c.disconnect(NetworkSpec.GATEWAY_BRIDGE, "s", false))
                    .as("the user cannot take its way out away").isInstanceOf(JnetException.class)
                    .extracting(x -> ((JnetException) x).kind()).isEqualTo(ErrorKind.FORBIDDEN);
            c.disconnect("one", "s", false);
            assertThat(networksOf(c, "s")).containsExactlyInAnyOrder("two", NetworkSpec.GATEWAY_BRIDGE);
            c.disconnect("two", "s", false);
            assertThat(networksOf(c, "s")).isEmpty();
            assertThat(links(box)).as("the gateway's interface went with the last overlay").containsExactly("lo");
            assertThat(c.endpointsOf(c.network(NetworkSpec.GATEWAY_BRIDGE))).isEmpty();
        }
    }

    @Test
    void aSandboxWithAnotherWayOutOrOnAnInternalOverlayGetsNoGatewayEndpoint(ThrowawayNs hostNs) {
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.75.0.0/24"));
            c.createNetwork(overlay("ov", "10.76.0.0/24", 4205));
            c.createNetwork(overlay("quiet", "10.77.0.0/24", 4206).withInternal(true));
            c.createSandbox(SandboxSpec.named("both"));
            c.createSandbox(SandboxSpec.named("inner"));
            c.connect("web", "both", ConnectSpec.DEFAULT);
            c.connect("ov", "both", ConnectSpec.DEFAULT);
            c.connect("quiet", "inner", ConnectSpec.DEFAULT);

            assertThat(networksOf(c, "both")).containsExactlyInAnyOrder("web", "ov");
            assertThat(networksOf(c, "inner")).containsExactly("quiet");
            c.createSandbox(SandboxSpec.named("third"));
            c.connect("web", "third", ConnectSpec.DEFAULT);
            assertThatThrownBy(() -> c.connect("ov", "third", publish("8081:80"))).isInstanceOf(JnetException.class)
                    .hasMessageContaining("publishes its ports on the network that gives it its way out");
            assertThat(networksOf(c, "third")).containsExactly("web");
            c.disconnect("web", "both", false);
            assertThat(networksOf(c, "both")).as("its way out was left: the gateway bridge takes over")
                    .containsExactlyInAnyOrder("ov", NetworkSpec.GATEWAY_BRIDGE);
            assertThatThrownBy(() -> c.connect(NetworkSpec.GATEWAY_BRIDGE, "inner", ConnectSpec.DEFAULT))
                    .isInstanceOf(JnetException.class).hasMessageContaining("jnet connects them to it itself");
        }
    }

    @Test
    void portsPublishedOnTheWayOutThatIsLeftMoveToTheGatewayBridge(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.74.0.0/24"));
            c.createNetwork(overlay("ov", "10.73.0.0/24", 4210));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            c.connect("web", "s", publish("8080:80"));
            c.connect("ov", "s", ConnectSpec.DEFAULT);
            NetNs box = Traffic.ns(s);
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("published on web").contains("198.51.100.2");

            c.disconnect("web", "s", false);

            Endpoint viaGateway = c.endpointsOf(c.network(NetworkSpec.GATEWAY_BRIDGE)).getFirst();
            assertThat(viaGateway.ports()).extracting(PortBinding::toString).containsExactly("0.0.0.0:8080->80/tcp");
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("now through the gateway bridge").contains("198.51.100.2");
        }
    }

    @Test
    void joiningANetworkWithItsOwnGatewayReplacesTheGatewayEndpointAndTakesItsPorts(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(overlay("ov", "10.79.0.0/24", 4211));
            c.createNetwork(network("web", "10.80.0.0/24"));
            c.createNetwork(network("web2", "10.81.0.0/24"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            c.createSandbox(SandboxSpec.named("quiet"));
            NetNs box = Traffic.ns(s);
            c.connect("ov", "s", publish("8080:80"));
            c.connect("ov", "quiet", ConnectSpec.DEFAULT);
            Endpoint taken = c.connect("web", "quiet", ConnectSpec.DEFAULT);

            assertThatThrownBy(() -> c.connect("web", "s", ConnectSpec.DEFAULT.withIpv4(taken.ipv4().orElseThrow().address())))
                    .isInstanceOf(JnetException.class).hasMessageContaining("in use");
            assertThat(networksOf(c, "s")).as("a failed connect gives the gateway endpoint back")
                    .containsExactlyInAnyOrder("ov", NetworkSpec.GATEWAY_BRIDGE);
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("with its port").contains("198.51.100.2");

            Endpoint web = c.connect("web", "s", ConnectSpec.DEFAULT);
            assertThat(networksOf(c, "s")).containsExactlyInAnyOrder("ov", "web");
            assertThat(networksOf(c, "quiet")).as("without ports it goes too").containsExactlyInAnyOrder("ov", "web");
            assertThat(web.ports()).extracting(PortBinding::toString).containsExactly("0.0.0.0:8080->80/tcp");
            assertThat(links(box)).containsExactlyInAnyOrder("lo", "eth0", web.interfaceName().value());
            Route route = host.kernel.in(box).routes().list(true).stream().filter(Route::isDefault).findFirst().orElseThrow();
            assertThat(route.gateway()).contains(c.network("web").ipv4().getFirst().gateway().orElseThrow());
            assertThat(Wire.tcp(outside.ns(), box, 80, HOST, 8080)).as("through web now").contains("198.51.100.2");
            assertThat(Wire.tcp(box, outside.ns(), 4000, OUTSIDE, 4000)).as("outbound through web").contains("198.51.100.1");

            c.connect("web2", "s", ConnectSpec.DEFAULT);
            c.disconnect("web", "s", false);
            assertThat(networksOf(c, "s")).as("another way out remains").containsExactlyInAnyOrder("ov", "web2");
            c.disconnect("web2", "s", false);
            assertThat(networksOf(c, "s")).containsExactlyInAnyOrder("ov", NetworkSpec.GATEWAY_BRIDGE);
        }
    }

    @Test
    void aPortThatCannotBePublishedOrAnAddressInUseLeavesTheSandboxOnNeitherNetwork(ThrowawayNs hostNs) {
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(overlay("ov", "10.78.0.0/24", 4207));
            c.createSandbox(SandboxSpec.named("first"));
            c.createSandbox(SandboxSpec.named("second"));
            Endpoint first = c.connect("ov", "first", publish("8080:80"));

            assertThatThrownBy(() -> c.connect("ov", "second", publish("8080:80"))).isInstanceOf(JnetException.class)
                    .hasMessageContaining("8080");
            assertThat(networksOf(c, "second")).isEmpty();
            assertThat(c.endpointsOf(c.network("ov"))).hasSize(1);
            // The overlay's address is claimed while the gateway join runs; its refusal undoes that join too.
            assertThatThrownBy(() -> c.connect("ov", "second", ConnectSpec.DEFAULT.withIpv4(first.ipv4().orElseThrow().address())))
                    .isInstanceOf(JnetException.class).hasMessageContaining("in use");
            assertThat(networksOf(c, "second")).isEmpty();
            assertThat(c.endpointsOf(c.network(NetworkSpec.GATEWAY_BRIDGE))).hasSize(1);
            assertThat(links(Traffic.ns(c.sandbox("second")))).containsExactly("lo");
            Endpoint second = c.connect("ov", "second", ConnectSpec.DEFAULT);
            assertThat(second.interfaceName()).isEqualTo(IfName.of("eth0"));
            assertThat(links(Traffic.ns(c.sandbox("second")))).containsExactlyInAnyOrder("lo", "eth0", "eth1");
            assertThat(host.kernel.namespaces().list()).as("no namespace beyond the two sandboxes' and the overlay's")
                    .hasSize(3);
        }
    }

    @Test
    void theGatewayBridgesNameIsKeptForABridgeNetworkThatCanBeOne(ThrowawayNs hostNs) {
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            assertThatThrownBy(() -> c.createNetwork(overlay(NetworkSpec.GATEWAY_BRIDGE, "10.60.0.0/24", 4210)))
                    .isInstanceOf(JnetException.class).hasMessageContaining("reserved for the gateway bridge")
                    .extracting(x -> ((JnetException) x).kind()).isEqualTo(ErrorKind.FORBIDDEN);
            assertThatThrownBy(() -> c.createNetwork(network(NetworkSpec.GATEWAY_BRIDGE, "10.61.0.0/24").withInternal(true)))
                    .hasMessageContaining("not internal");
            c.createNetwork(network(NetworkSpec.GATEWAY_BRIDGE, "10.62.0.0/24")); // a user's, with a subnet of their choice
            c.createNetwork(overlay("ov", "10.63.0.0/24", 4211));
            c.createSandbox(SandboxSpec.named("s"));
            c.connect("ov", "s", ConnectSpec.DEFAULT);

            assertThat(c.endpointsOf(c.network(NetworkSpec.GATEWAY_BRIDGE)).getFirst().ipv4().orElseThrow().toString())
                    .startsWith("10.62.0.");
        }
    }

    @Test
    void aSandboxThatLostItsGatewayEndpointInACrashGetsItBackAtTheNextStart(ThrowawayNs hostNs, ThrowawayNs outside) {
        OutsideWorld.join(hostNs, outside);
        try (FakeHost host = FakeHost.withOverlay(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(overlay("ov", "10.64.0.0/24", 4212));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            c.connect("ov", "s", ConnectSpec.DEFAULT);
            Endpoint gateway = c.endpointsOf(c.network(NetworkSpec.GATEWAY_BRIDGE)).getFirst();

            // As a jnetd killed between the two joins leaves it: the overlay's endpoint stored, the gateway's not.
            Controller again = host.restartAfter(() -> {
                try (var store = dev.jnet.core.store.SqliteStore.open(host.stateDirectory)) {
                    store.write(new dev.jnet.core.store.StoreChange.DeleteEndpoint(gateway.id()));
                }
            });

            assertThat(networksOf(again, "s")).containsExactlyInAnyOrder("ov", NetworkSpec.GATEWAY_BRIDGE);
            assertThat(Wire.tcp(Traffic.ns(s), outside.ns(), 4000, OUTSIDE, 4000)).as("its way out again")
                    .contains("198.51.100.1");
        }
    }
}
