package dev.jnet.kernel.rtnl;

import dev.jnet.error.ErrorKind;
import dev.jnet.kernel.Errno;
import dev.jnet.kernel.KernelException;
import dev.jnet.kernel.netlink.Netlink;
import dev.jnet.kernel.netlink.NetlinkSocket;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.util.List;
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
    void aBridgeCanBeMadeNotToLearnFromLinkLocalFrames(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Bridge(n("br0"), LinkOptions.DEFAULTS, false));
        host.rtnl().links().create(new LinkSpec.Bridge(n("br1")));

        assertThat(host.ipLink("br0").path("linkinfo").path("info_data").path("no_linklocal_learn").asInt()).isEqualTo(1);
        assertThat(host.ipLink("br1").path("linkinfo").path("info_data").path("no_linklocal_learn").asInt()).isEqualTo(0);
    }

    @Test
    void aBridgeCanBeMadeWithoutMulticastSnooping(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Bridge(n("br0"), LinkOptions.DEFAULTS, true, false));
        host.rtnl().links().create(new LinkSpec.Bridge(n("br1")));

        assertThat(host.ipLink("br0").path("linkinfo").path("info_data").path("mcast_snooping").asInt(-1)).isEqualTo(0);
        assertThat(host.ipLink("br1").path("linkinfo").path("info_data").path("mcast_snooping").asInt(-1)).isEqualTo(1);
    }

    @Test
    void aLinkSaysWhetherIpv6IsOnForIt(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Veth(n("v6a"), n("v6b")));
        // Written by an independent hand (sysctl(8) in the namespace), read back over netlink.
        host.exec("sysctl", "-q", "-w", "net.ipv6.conf.v6a.disable_ipv6=1").orFail(List.of("sysctl v6a"));
        host.exec("sysctl", "-q", "-w", "net.ipv6.conf.v6b.disable_ipv6=0").orFail(List.of("sysctl v6b"));

        assertThat(host.rtnl().links().get(n("v6a")).ipv6()).isEqualTo(Link.Ipv6.OFF);
        assertThat(host.rtnl().links().get(n("v6b")).ipv6()).isEqualTo(Link.Ipv6.ON);
        assertThat(host.rtnl().links().list().stream().filter(l -> l.name().equals(n("v6a"))).findFirst().orElseThrow()
                .ipv6()).isEqualTo(Link.Ipv6.OFF); // a dump says the same

        host.exec("sysctl", "-q", "-w", "net.ipv6.conf.v6a.disable_ipv6=0").orFail(List.of("sysctl v6a"));
        assertThat(host.rtnl().links().get(n("v6a")).ipv6()).isEqualTo(Link.Ipv6.ON);
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
                4790, Optional.empty(), false, true, LinkOptions.DEFAULTS);
        host.rtnl().links().create(spec);

        JsonNode data = host.ipLink("vx42").path("linkinfo").path("info_data");
        assertThat(data.path("id").asInt()).isEqualTo(42);
        assertThat(data.path("port").asInt()).isEqualTo(4790);
        assertThat(data.path("local").asString()).isEqualTo("192.0.2.1");
        assertThat(data.path("learning").asBoolean(true)).isFalse();
        assertThat(data.path("proxy").asBoolean(false)).isTrue();
    }

    @Test
    void turnsLearningOffOnABridgePort(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Bridge(n("br0")));
        host.rtnl().links().create(new LinkSpec.Vxlan(n("vx7"), 7));
        host.rtnl().links().setMaster(n("vx7"), n("br0"));
        assertThat(host.json("ip", "-j", "-d", "link", "show", "vx7").get(0).path("linkinfo").path("info_slave_data")
                .path("learning").asBoolean(false)).as("a new port learns").isTrue();
        host.rtnl().links().setBridgePortLearning(n("vx7"), false);
        assertThat(host.json("ip", "-j", "-d", "link", "show", "vx7").get(0).path("linkinfo").path("info_slave_data")
                .path("learning").asBoolean(true)).isFalse();
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
    void createsAMacvlanStraightInAnotherNamespaceUnderANameTakenInTheHost(ThrowawayNs host, ThrowawayNs sandbox) {
        // The first rtnetlink socket of this process in each namespace gets the pid as its port id, so this
        // one shares it with the host's: an echo sent to the sandbox for the host's request would land here.
        try (NetlinkSocket bystander = sandbox.call(() -> NetlinkSocket.open(Netlink.NETLINK_ROUTE, "bystander"))) {
            Links links = host.rtnl().links();
            links.createAll(List.of(new LinkSpec.Veth(n("up0"), n("up1")), new LinkSpec.Veth(n("eth0"), n("eth1"))));
            LinkOptions options = LinkOptions.DEFAULTS.withUp(true).withMtu(1400)
                    .withMac(MacAddress.parse("02:42:ac:11:00:02"));
            Link made = links.create(new LinkSpec.Macvlan(n("eth0"), n("up0"), LinkSpec.MacvlanMode.BRIDGE, options)
                    .in(sandbox.ns()));

            assertThat(made.index()).as("out of the host's sight").isZero();
            assertThat(made.name()).isEqualTo(n("eth0"));
            assertThat(made.kind()).isEqualTo("macvlan");
            JsonNode mv = sandbox.ipLink("eth0");
            assertThat(mv.path("linkinfo").path("info_kind").asString()).isEqualTo("macvlan");
            assertThat(mv.path("linkinfo").path("info_data").path("mode").asString()).isEqualTo("bridge");
            assertThat(mv.path("address").asString()).isEqualTo("02:42:ac:11:00:02");
            assertThat(mv.path("mtu").asInt()).isEqualTo(1400);
            assertThat(mv.path("flags").toString()).as("brought up by the create itself").contains("\"UP\"");
            assertThat(host.ipLink("eth0").path("linkinfo").path("info_kind").asString()).isEqualTo("veth");
            Link seen = sandbox.rtnl().links().get(n("eth0"));
            assertThat(seen.index()).isEqualTo(mv.path("ifindex").asInt());
            assertThat(seen.mac()).contains(MacAddress.parse("02:42:ac:11:00:02"));
            assertThat(bystander.takeNotifications()).as("no echo strays into the sandbox").isEmpty();
        }
    }

    @Test
    void everyMacvlanModeIsAccepted(ThrowawayNs host) {
        List<LinkSpec.MacvlanMode> modes = List.of(LinkSpec.MacvlanMode.PRIVATE, LinkSpec.MacvlanMode.VEPA,
                LinkSpec.MacvlanMode.BRIDGE, LinkSpec.MacvlanMode.PASSTHRU);
        List<LinkSpec> parents = new java.util.ArrayList<>();
        List<LinkSpec> macvlans = new java.util.ArrayList<>();
        for (int i = 0; i < modes.size(); i++) { // one parent each: a passthru macvlan takes its parent alone
            parents.add(new LinkSpec.Veth(n("p" + i), n("q" + i)));
            macvlans.add(new LinkSpec.Macvlan(n("mv" + i), n("p" + i), modes.get(i), LinkOptions.DEFAULTS));
        }
        host.rtnl().links().createAll(parents);
        List<Link> made = host.rtnl().links().createAll(macvlans);

        for (int i = 0; i < modes.size(); i++) {
            JsonNode mv = host.ipLink("mv" + i);
            assertThat(mv.path("linkinfo").path("info_data").path("mode").asString())
                    .isEqualTo(modes.get(i).name().toLowerCase(java.util.Locale.ROOT));
            assertThat(made.get(i).index()).isEqualTo(mv.path("ifindex").asInt());
        }
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

    @Test
    void anAliasGivenAtCreationOrLaterIsSetAndRead(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Bridge(n("br0"), LinkOptions.DEFAULTS.withAlias("jnet:network:abc")));
        assertThat(host.ipLink("br0").path("ifalias").asString()).isEqualTo("jnet:network:abc");
        assertThat(host.rtnl().links().get(n("br0")).alias()).isEqualTo("jnet:network:abc");

        host.rtnl().links().setAlias(n("br0"), "other");
        assertThat(host.ipLink("br0").path("ifalias").asString()).isEqualTo("other");
        assertThatThrownBy(() -> host.rtnl().links().setAlias(n("br0"), "x".repeat(256)))
                .isInstanceOfSatisfying(dev.jnet.error.JnetException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
    }

    @Test
    void createReturnsTheNewLinksWithTheirKernelIndexesInOrder(ThrowawayNs host) {
        java.util.List<Link> made = host.rtnl().links().createAll(java.util.List.of(
                new LinkSpec.Veth(n("a0"), n("a1")), new LinkSpec.Bridge(n("br0")),
                new LinkSpec.Veth(n("b0"), n("b1")).withOptions(LinkOptions.DEFAULTS, LinkOptions.DEFAULTS.withUp(true))));

        assertThat(made).extracting(l -> l.name().value()).containsExactly("a0", "br0", "b0");
        for (Link link : made) {
            assertThat(link.index()).isEqualTo(host.ipLink(link.name().value()).path("ifindex").asInt());
        }
        assertThat(made.get(1).kind()).isEqualTo("bridge");
    }

    @Test
    void listAndFindAgreeWithTheObserver(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Veth(n("a0"), n("a1")));
        host.rtnl().links().create(new LinkSpec.Bridge(n("br0")));

        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        host.ipLinks().forEach(l -> seen.put(l.path("ifname").asString(), l.path("ifindex").asInt()));
        java.util.Map<String, Integer> listed = new java.util.HashMap<>();
        host.rtnl().links().list().forEach(l -> listed.put(l.name().value(), l.index()));
        assertThat(listed).isEqualTo(seen).containsKeys("lo", "a0", "a1", "br0");

        Link a0 = host.rtnl().links().find(seen.get("a0")).orElseThrow();
        assertThat(a0.name()).isEqualTo(n("a0"));
        assertThat(a0.kind()).isEqualTo("veth");
        assertThat(a0.parentIndex()).isEqualTo(seen.get("a1"));
        assertThat(host.rtnl().links().find(n("nosuch"))).isEmpty();
        assertThat(host.rtnl().links().find(99999)).isEmpty();
    }

    @Test
    void setsUpDownMtuAndMac(ThrowawayNs host) {
        Links links = host.rtnl().links();
        links.create(new LinkSpec.Veth(n("a0"), n("a1")));
        links.setMtu(n("a0"), 1280);
        links.setMac(n("a0"), MacAddress.parse("02:00:00:00:00:0a"));
        links.setUp(n("a0"));

        JsonNode a0 = host.ipLink("a0");
        assertThat(a0.path("mtu").asInt()).isEqualTo(1280);
        assertThat(a0.path("address").asString()).isEqualTo("02:00:00:00:00:0a");
        assertThat(a0.path("flags").toString()).contains("\"UP\"");

        links.setDown(n("a0"));
        assertThat(host.ipLink("a0").path("flags").toString()).doesNotContain("\"UP\"");
        assertThat(links.get(n("a0")).up()).isFalse();
    }

    @Test
    void refusesAnMtuOutOfRangeBeforeAskingTheKernel(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Bridge(n("br0")));
        assertThatThrownBy(() -> host.rtnl().links().setMtu(n("br0"), 20))
                .isInstanceOfSatisfying(dev.jnet.error.JnetException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
    }

    @Test
    void enslavesAPortToABridgeAndReleasesIt(ThrowawayNs host) {
        Links links = host.rtnl().links();
        links.create(new LinkSpec.Bridge(n("br0")));
        links.create(new LinkSpec.Veth(n("a0"), n("a1")));
        links.setMaster(n("a0"), n("br0"));

        assertThat(host.ipLink("a0").path("master").asString()).isEqualTo("br0");
        assertThat(links.get(n("a0")).masterIndex()).isEqualTo(links.indexOf(n("br0")));

        links.clearMaster(n("a0"));
        assertThat(host.ipLink("a0").has("master")).isFalse();
    }

    @Test
    void movesALinkToAnotherNamespace(ThrowawayNs host, ThrowawayNs other) {
        host.rtnl().links().create(new LinkSpec.Veth(n("a0"), n("a1")));
        host.rtnl().links().moveTo(n("a1"), other.ns());

        assertThat(host.ipLinkNames()).contains("a0").doesNotContain("a1");
        assertThat(other.ipLinkNames()).contains("a1");
        assertThat(other.rtnl().links().get(n("a1")).kind()).isEqualTo("veth");
    }

    @Test
    void renamesALinkAndRefusesANameInUse(ThrowawayNs host) {
        Links links = host.rtnl().links();
        links.create(new LinkSpec.Veth(n("tmp0"), n("tmp1")));
        links.rename(n("tmp0"), n("eth0"));
        assertThat(host.ipLinkNames()).contains("eth0").doesNotContain("tmp0");

        assertThatThrownBy(() -> links.rename(n("eth0"), n("tmp1")))
                .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("rename link eth0 to tmp1");
        assertThat(host.ipLinkNames()).contains("eth0", "tmp1");
    }

    @Test
    void deletingAVethEndRemovesThePairAndAMissingLinkIsNotFound(ThrowawayNs host) {
        Links links = host.rtnl().links();
        links.create(new LinkSpec.Veth(n("a0"), n("a1")));
        links.delete(n("a0"));
        assertThat(host.ipLinkNames()).doesNotContain("a0", "a1");

        assertThatThrownBy(() -> links.delete(n("a0")))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("delete link a0");
                });
        assertThat(links.deleteIfPresent(n("a0"))).isFalse();
    }

    @Test
    void bringsManyLinksUpInOneBatchAndNamesTheOneThatIsMissing(ThrowawayNs host) {
        Links links = host.rtnl().links();
        links.createAll(java.util.List.of(new LinkSpec.Veth(n("a0"), n("b0")), new LinkSpec.Veth(n("a1"), n("b1"))));
        links.setUpAll(java.util.List.of(n("a0"), n("a1"), n("b0"), n("b1")));

        for (String name : java.util.List.of("a0", "a1", "b0", "b1")) {
            assertThat(host.ipLink(name).path("flags").toString()).as(name).contains("\"UP\"");
        }
        links.setDown(n("a1"));
        assertThatThrownBy(() -> links.setUpAll(java.util.List.of(n("nosuch"), n("a1"))))
                .hasMessageContaining("set link nosuch up").hasMessageContaining("ENODEV");
        assertThat(links.get(n("a1")).up()).isTrue();
    }

    @Test
    void aBatchThatFailsPartWayReportsTheFailingLink(ThrowawayNs host) {
        Links links = host.rtnl().links();
        links.create(new LinkSpec.Bridge(n("b1")));
        assertThatThrownBy(() -> links.createAll(java.util.List.of(new LinkSpec.Bridge(n("b0")),
                new LinkSpec.Bridge(n("b1")), new LinkSpec.Bridge(n("b2")))))
                .hasMessageContaining("create link b1 (bridge)").hasMessageContaining("EEXIST");
        assertThat(host.ipLinkNames()).contains("b0", "b1", "b2");
    }

    @Test
    void ipvlanIsCreatedOrReportedAsMissingFromTheKernel(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Veth(n("up0"), n("up1")));
        createOrSkip(host, new LinkSpec.Ipvlan(n("ipv0"), n("up0"), LinkSpec.IpvlanMode.L2, LinkOptions.DEFAULTS),
                "ipvlan");
        assertThat(host.ipLink("ipv0").path("linkinfo").path("info_kind").asString()).isEqualTo("ipvlan");
    }

    @Test
    void vlanIsCreatedOrReportedAsMissingFromTheKernel(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Veth(n("up0"), n("up1")));
        createOrSkip(host, new LinkSpec.Vlan(n("up0.10"), n("up0"), 10, LinkOptions.DEFAULTS), "802.1q vlan");
        assertThat(host.ipLink("up0.10").path("linkinfo").path("info_data").path("id").asInt()).isEqualTo(10);
    }

    @Test
    void aVlanMadeInAnotherNamespaceIsCreatedOrReportedMissingWithNothingLeftBehind(ThrowawayNs host,
                                                                                  ThrowawayNs sandbox) {
        host.rtnl().links().create(new LinkSpec.Veth(n("up0"), n("up1")));
        LinkSpec vlan = new LinkSpec.Vlan(n("eth0"), n("up0"), 42, LinkOptions.DEFAULTS.withUp(true)).in(sandbox.ns());
        if (createdOrMissingLeavingNothing(host, sandbox, vlan, "802.1q vlan")) {
            JsonNode data = sandbox.ipLink("eth0").path("linkinfo").path("info_data");
            assertThat(data.path("id").asInt()).isEqualTo(42);
            assertThat(data.path("protocol").asString()).isEqualTo("802.1Q");
        }
    }

    @Test
    void anIpvlanMadeInAnotherNamespaceIsCreatedOrReportedMissingWithNothingLeftBehind(ThrowawayNs host,
                                                                                     ThrowawayNs sandbox) {
        host.rtnl().links().create(new LinkSpec.Veth(n("up0"), n("up1")));
        LinkSpec ipvlan = new LinkSpec.Ipvlan(n("eth0"), n("up0"), LinkSpec.IpvlanMode.L3, LinkSpec.IpvlanFlag.PRIVATE,
                Optional.of(sandbox.ns()), LinkOptions.DEFAULTS);
        if (createdOrMissingLeavingNothing(host, sandbox, ipvlan, "ipvlan")) {
            JsonNode data = sandbox.ipLink("eth0").path("linkinfo").path("info_data");
            assertThat(data.path("mode").asString()).isEqualTo("l3");
            assertThat(data.path("private").asBoolean()).isTrue();
        }
    }

    /**
     * Creates {@code spec} from {@code host} into {@code sandbox} and returns true, or checks that the kernel
     * lacks the feature, says so, and left both namespaces as they were, and returns false.
     */
    private static boolean createdOrMissingLeavingNothing(ThrowawayNs host, ThrowawayNs sandbox, LinkSpec spec,
                                                          String feature) {
        List<String> hostBefore = host.ipLinkNames();
        List<String> sandboxBefore = sandbox.ipLinkNames();
        try {
            host.rtnl().links().create(spec);
        } catch (KernelException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("this kernel lacks " + feature + " links")
                    .contains("create link " + spec.name() + " (" + spec.kind() + ") into " + sandbox.ns());
            assertThat(host.ipLinkNames()).isEqualTo(hostBefore);
            assertThat(sandbox.ipLinkNames()).isEqualTo(sandboxBefore);
            return false;
        }
        assertThat(host.ipLinkNames()).isEqualTo(hostBefore);
        assertThat(sandbox.ipLinkNames()).contains(spec.name().value());
        return true;
    }

    private static void createOrSkip(ThrowawayNs host, LinkSpec spec, String feature) {
        try {
            host.rtnl().links().create(spec);
        } catch (KernelException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("this kernel lacks " + feature);
            assertThat(host.ipLinkNames()).doesNotContain(spec.name().value());
            org.junit.jupiter.api.Assumptions.abort(e.getMessage());
        }
    }

    @Test
    void listingWhileAnotherThreadChangesLinksGivesConsistentAnswers(ThrowawayNs host) throws Exception {
        Links links = host.rtnl().links();
        java.util.List<LinkSpec> many = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new LinkSpec.Bridge(n("s" + i)));
        }
        links.createAll(many);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        // A second socket churns the table so that dumps may be interrupted (NLM_F_DUMP_INTR) and retried.
        Thread churn = Thread.ofPlatform().start(() -> {
            try (RtNetlink other = RtNetlink.open(dev.jnet.kernel.testing.TestKernel.executor(), host.ns())) {
                for (int i = 0; !stop.get(); i++) {
                    other.links().create(new LinkSpec.Bridge(n("c" + (i % 5))));
                    other.links().delete(n("c" + (i % 5)));
                }
            }
        });
        try {
            for (int round = 0; round < 30; round++) {
                java.util.List<Link> listed = links.list();
                assertThat(listed).extracting(Link::index).doesNotHaveDuplicates();
                assertThat(listed).extracting(l -> l.name().value()).contains("s0", "s299");
            }
        } finally {
            stop.set(true);
            churn.join();
        }
    }

    @Test
    void aVethPeerInTheSameNamespaceGetsItsAliasAndAnAllZeroMacIsRefused(ThrowawayNs host) {
        host.rtnl().links().create(new LinkSpec.Veth(n("a0"), n("a1")).withOptions(
                LinkOptions.DEFAULTS.withAlias("own"), LinkOptions.DEFAULTS.withAlias("peer")));
        assertThat(host.ipLink("a0").path("ifalias").asString()).isEqualTo("own");
        assertThat(host.ipLink("a1").path("ifalias").asString()).isEqualTo("peer");
        assertThatThrownBy(() -> LinkOptions.DEFAULTS.withMac(MacAddress.parse("00:00:00:00:00:00")))
                .isInstanceOfSatisfying(dev.jnet.error.JnetException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID));
    }
}
