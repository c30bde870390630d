package dev.jnet.kernel.rtnl;

import dev.jnet.error.ErrorKind;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NetnsExtension.class)
class LinksTest {
    private static IfName n(String name) {
        return IfName.of(name);
    }

    @Test
    void createsABridgeThatTheObserverSees(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Bridge(n("br0"), LinkOptions.DEFAULTS.withMtu(1400).withUp(true)));

        JsonNode br = host.ipLink("br0");
        assertThat(br.path("linkinfo").path("info_kind").asString()).isEqualTo("bridge");
        assertThat(br.path("mtu").asInt()).isEqualTo(1400);
        assertThat(br.path("flags").toString()).contains("\"UP\"");
        Link link = host.rtnl().links().get(n("br0"));
        assertThat(link.kind()).isEqualTo("bridge");
        assertThat(link.index()).isEqualTo(br.path("ifindex").asInt());
        assertThat(link.up()).isTrue();
    }

    @Test
    void createsAVethPairWithThePeerStraightInAnotherNamespace(ThrowawayNs host, ThrowawayNs sandbox) {
        LinkSpec.Veth veth = new LinkSpec.Veth(n("vh0"), n("eth0")).withPeerIn(sandbox.ns())
                .withOptions(LinkOptions.DEFAULTS.withUp(true),
                        LinkOptions.DEFAULTS.withMac(MacAddress.parse("02:42:ac:11:00:02")));
        host.rtnl().links().create(veth);
        sandbox.rtnl().links().setUp(n("eth0"));

        assertThat(host.ipLinkNames()).contains("vh0").doesNotContain("eth0");
        JsonNode peer = sandbox.ipLink("eth0");
        assertThat(peer.path("linkinfo").path("info_kind").asString()).isEqualTo("veth");
        assertThat(peer.path("address").asString()).isEqualTo("02:42:ac:11:00:02");
        assertThat(peer.path("flags").toString()).contains("\"UP\"");
        assertThat(sandbox.rtnl().links().get(n("eth0")).mac()).contains(MacAddress.parse("02:42:ac:11:00:02"));
    }

    @Test
    void createsVxlanWithLearningOffOnTheGivenPortAndLocalAddress(ThrowawayNs host) throws Exception {
        LinkSpec.Vxlan spec = new LinkSpec.Vxlan(n("vx42"), 42, Optional.of(InetAddress.getByName("192.0.2.1")),
                4790, Optional.empty(), false, LinkOptions.DEFAULTS);
        host.rtnl().links().create(spec);

        JsonNode data = host.ipLink("vx42").path("linkinfo").path("info_data");
        assertThat(data.path("id").asInt()).isEqualTo(42);
        assertThat(data.path("port").asInt()).isEqualTo(4790);
        assertThat(data.path("local").asString()).isEqualTo("192.0.2.1");
        assertThat(data.path("learning").asBoolean(true)).isFalse();
    }

    @Test
    void createsMacvlanOnAParent(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Veth(n("up0"), n("up1")));
        host.rtnl().links().create(new LinkSpec.Macvlan(n("mv0"), n("up0"), LinkSpec.MacvlanMode.BRIDGE,
                LinkOptions.DEFAULTS));

        JsonNode mv = host.ipLink("mv0");
        assertThat(mv.path("linkinfo").path("info_kind").asString()).isEqualTo("macvlan");
        assertThat(mv.path("linkinfo").path("info_data").path("mode").asString()).isEqualTo("bridge");
        assertThat(mv.path("link").asString()).isEqualTo("up0");
    }

    @Test
    void creatingAnExistingLinkIsAConflictNamingTheLink(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Bridge(n("br0")));
        assertThatThrownBy(() -> host.rtnl().links().create(new LinkSpec.Bridge(n("br0"))))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.is(Errno.EEXIST)).isTrue();
                    assertThat(e.getMessage()).contains("create link br0 (bridge)").contains("EEXIST");
                });
    }

    @Test
    void aMissingParentIsNotFound(ThrowawayNs host) {
        assertThatThrownBy(() -> host.rtnl().links().create(new LinkSpec.Macvlan(n("mv0"), n("nosuch0"),
                LinkSpec.MacvlanMode.BRIDGE, LinkOptions.DEFAULTS)))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.is(Errno.ENODEV)).isTrue();
                    assertThat(e.getMessage()).contains("mv0").contains("nosuch0").contains("ENODEV");
                });
        assertThat(host.ipLinkNames()).doesNotContain("mv0");
    }
}
