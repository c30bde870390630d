package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.Command;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;

import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(NetnsExtension.class)
class ControllerLifecycleTest {

    private static void assertKind(Runnable call, ErrorKind kind) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(JnetException.class,
                e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    }

    @Test
    void hostAndNoneNetworksBehaveAsDockers(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            assertThat(c.networks()).extracting(Network::name).containsExactly("bridge", "host", "none");
            Sandbox shared = c.createSandbox(SandboxSpec.named("shared").withHostNetwork(true));
            Sandbox boxed = c.createSandbox(SandboxSpec.named("boxed"));
            c.connect("host", "shared", ConnectSpec.DEFAULT);
            c.connect("none", "boxed", ConnectSpec.DEFAULT);

            assertThat(shared.namespace()).isEqualTo(hostNs.ns().path());
            String links = Command.check("nsenter", "--net=" + boxed.namespace(), "ip", "-o", "link");
            assertThat(links.lines()).hasSize(1).allMatch(l -> l.contains(": lo:") && l.contains("UP"));
            assertKind(() -> c.connect("bridge", "boxed", ConnectSpec.DEFAULT), ErrorKind.FORBIDDEN);
            assertKind(() -> c.connect("bridge", "shared", ConnectSpec.DEFAULT), ErrorKind.FORBIDDEN);
            assertKind(() -> c.deleteNetwork("host"), ErrorKind.FORBIDDEN);
            assertKind(() -> c.createNetwork(NetworkSpec.named("host2").withDriver("host")), ErrorKind.FORBIDDEN);
        }
    }

    @Test
    void restartBringsEverythingBackAndReconcileRepairsDriftAndRemovesOrphans(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network net = c.createNetwork(NetworkSpec.named("n1"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("n1", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("n1", "b", ConnectSpec.DEFAULT);
            String bridge = "br-" + net.id().shortId();
            // Drift: a deleted bridge, a deleted interface in a sandbox, and a jnet-marked link nobody records.
            hostNs.exec("ip", "link", "del", bridge);
            Command.check("nsenter", "--net=" + b.namespace(), "ip", "link", "del", "eth0");
            hostNs.exec("ip", "link", "add", "stray0", "type", "bridge");
            hostNs.exec("ip", "link", "set", "stray0", "alias", "jnet:network:" + "0".repeat(64));

            Controller restarted = host.start();
            assertThat(restarted.network("n1").id()).isEqualTo(net.id());
            assertThat(restarted.endpointsOf(restarted.network("n1"))).hasSize(2);
            assertThat(hostNs.ipLinkNames()).contains(bridge).doesNotContain("stray0");
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).isTrue();
            assertThat(restarted.reconcile().changedNothing()).as("a second pass finds nothing to do").isTrue();
            Endpoint next = restarted.connect("n1", restarted.createSandbox(SandboxSpec.named("c")).name(), ConnectSpec.DEFAULT);
            assertThat(next.ipv4().orElseThrow().toString()).isEqualTo("172.18.0.4/16");
        }
    }

    @Test
    void reconcileOnDemandRestoresAFlushedFirewallTable(ThrowawayNs hostNs) {
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("n1"));
            hostNs.exec("nft", "flush", "ruleset");
            assertThat(hostNs.json("nft", "-j", "list", "tables").toString()).doesNotContain("\"jnet\"");

            c.reconcile();
            assertThat(hostNs.json("nft", "-j", "list", "tables").toString())
                    .contains("{\"family\":\"inet\",\"name\":\"jnet\"", "{\"family\":\"bridge\",\"name\":\"jnet\"");
        }
    }

    @Test
    void deletingASandboxRemovesItsInterfacesNamespaceAndFiles(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("n1"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            c.connect("n1", "s", ConnectSpec.DEFAULT);
            long veths = hostNs.ipLinkNames().stream().filter(n -> n.startsWith("veth")).count();

            c.deleteSandbox("s");
            assertThat(hostNs.ipLinkNames().stream().filter(n -> n.startsWith("veth")).count()).isEqualTo(veths - 1);
            assertThat(s.namespace()).doesNotExist();
            assertThat(c.files().hostsPath(s.id())).doesNotExist();
            assertThat(c.sandboxes()).isEmpty();
            assertThat(c.endpointsOf(c.network("n1"))).isEmpty();
            c.deleteNetwork("n1");
        }
    }

    @Test
    void anEndpointMayNameItsInterfaceAndOtherEndpointOptionsAreRefused(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("n1"));
            c.createNetwork(NetworkSpec.named("n2"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            ConnectSpec named = new ConnectSpec(java.util.Optional.empty(), java.util.Optional.empty(), List.of(),
                    java.util.Optional.empty(), java.util.Map.of("com.docker.network.endpoint.ifname", "uplink0"));
            ConnectSpec sysctls = new ConnectSpec(java.util.Optional.empty(), java.util.Optional.empty(), List.of(),
                    java.util.Optional.empty(), java.util.Map.of("com.docker.network.endpoint.sysctls", "net.ipv4.x=1"));

            assertThat(c.connect("n1", "s", named).interfaceName().value()).isEqualTo("uplink0");
            assertThat(dev.jnet.kernel.testing.Command.run("nsenter", "--net=" + s.namespace(), "ip", "-o", "link", "show", "uplink0")
                    .exitCode()).isZero();
            assertThatThrownBy(() -> c.connect("n2", "s", named)).hasMessageContaining("already has an interface uplink0");
            assertThatThrownBy(() -> c.connect("n2", "s", sysctls))
                    .hasMessageContaining("endpoint option com.docker.network.endpoint.sysctls is not supported by jnet");
            assertThat(c.endpointsOf(s)).hasSize(1);
        }
    }

    @Test
    void hostsAndResolvConfFilesDescribeTheSandbox(ThrowawayNs hostNs) throws Exception {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("n1"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s").withHostname("web"));
            Endpoint e = c.connect("n1", "s", ConnectSpec.DEFAULT);

            String hosts = Files.readString(c.files().hostsPath(s.id()));
            assertThat(hosts).contains("127.0.0.1\tlocalhost").contains(e.ipv4().orElseThrow().address().getHostAddress() + "\tweb");
            String resolv = Files.readString(c.files().resolvConfPath(s.id()));
            assertThat(resolv).as("a user-defined network: the embedded resolver").contains("nameserver 127.0.0.11\n")
                    .doesNotContain("nameserver 192.0.2.53").contains("search example.com").contains("options ndots:1");

            c.disconnect("n1", "s", false);
            c.connect("bridge", "s", ConnectSpec.DEFAULT);
            assertThat(Files.readString(c.files().resolvConfPath(s.id()))).as("the default bridge: the host's servers")
                    .contains("nameserver 192.0.2.53").doesNotContain("127.0.0.53").doesNotContain("127.0.0.11");
            assertThat(Dig.full(s, "+time=1", "s")).as("no resolver left").contains("no servers could be reached");
        }
    }

    @Test
    void ipv6NetworksGiveEndpointsAnAddressAndADefaultRoute(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network net = c.createNetwork(NetworkSpec.named("v6").withIpv6(java.util.List.of()));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("v6", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("v6", "b", ConnectSpec.DEFAULT);

            assertThat(net.ipv6()).hasSize(1);
            assertThat(eb.ipv6()).isPresent();
            String routes = Command.check("nsenter", "--net=" + a.namespace(), "ip", "-6", "route", "show", "default");
            assertThat(routes).contains("via " + dev.jnet.net.IpFormat.format(net.ipv6().getFirst().gateway().orElseThrow()));
            assertThat(Traffic.connects(a, b, eb.ipv6().orElseThrow().address())).isTrue();
        }
    }

    @Test
    void internalNetworksGiveNoDefaultRouteAndPruneKeepsNetworksInUse(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("inside").withInternal(true).withLabels(Map.of("tier", "db")));
            c.createNetwork(NetworkSpec.named("unused").withLabels(Map.of("tier", "db")));
            c.createNetwork(NetworkSpec.named("other"));
            Sandbox s = c.createSandbox(SandboxSpec.named("s"));
            c.connect("inside", "s", ConnectSpec.DEFAULT);

            assertThat(Command.check("nsenter", "--net=" + s.namespace(), "ip", "route", "show", "default")).isBlank();
            assertThat(c.pruneNetworks(Map.of("tier", "db"))).containsExactly("unused");
            assertThat(c.networks()).extracting(Network::name).contains("inside", "other").doesNotContain("unused");
        }
    }

    @Test
    void afterARebootWithNoBridgesAndNoFirewallTableEverythingComesBack(ThrowawayNs hostNs) {
        try (FakeHost host = FakeHost.withoutDriftRepair(hostNs)) {
            Controller c = host.controller();
            Network net = c.createNetwork(NetworkSpec.named("n1"));
            Sandbox a = c.createSandbox(SandboxSpec.named("a"));
            Sandbox b = c.createSandbox(SandboxSpec.named("b"));
            c.connect("n1", "a", ConnectSpec.DEFAULT);
            Endpoint eb = c.connect("n1", "b", ConnectSpec.DEFAULT);
            hostNs.exec("ip", "link", "del", "jnet0");
            hostNs.exec("ip", "link", "del", "br-" + net.id().shortId());
            hostNs.exec("nft", "flush", "ruleset");

            Controller restarted = host.start();
            assertThat(restarted.startupReport().problems()).isEmpty();
            assertThat(restarted.startupReport().networksRecreated()).isEqualTo(2);
            assertThat(Traffic.connects(a, b, eb.ipv4().orElseThrow().address())).isTrue();
            hostNs.exec("nft", "flush", "ruleset");
            Network n2 = restarted.createNetwork(NetworkSpec.named("n2"));
            assertThat(restarted.driftRepairs()).as("the create repaired the emptied table first").isEqualTo(1);
            assertThat(hostNs.exec("nft", "list", "chain", "inet", "jnet", "out-br-" + n2.id().shortId()).stdout())
                    .as("its chain is in a rebuilt table").contains("drop");
            assertThat(restarted.findDrift()).isEmpty();
            restarted.deleteNetwork("n2");
        }
    }
}
