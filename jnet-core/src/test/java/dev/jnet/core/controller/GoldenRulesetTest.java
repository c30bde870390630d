package dev.jnet.core.controller;

import dev.jnet.core.firewall.FirewallNetwork;
import dev.jnet.core.firewall.NftFirewall;
import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.nft.NftInventory;
import dev.jnet.kernel.nft.NftSetElements;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static dev.jnet.core.controller.PublishedPortsTest.network;
import static dev.jnet.core.controller.PublishedPortsTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

/** The ruleset jnet generates, against golden files; and nothing of jnet left after teardown. */
@ExtendWith(NetnsExtension.class)
class GoldenRulesetTest {
    private static final String BRIDGE_NAME = "com.docker.network.bridge.name";

    @Test
    void networksEndpointsAndPortsGiveTheGoldenRuleset(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(network("web", "10.10.0.0/24").withOptions(Map.of(BRIDGE_NAME, "web0")));
            c.createNetwork(network("quiet", "10.40.0.0/24").withOptions(Map.of(BRIDGE_NAME, "quiet0",
                    "com.docker.network.bridge.enable_icc", "false",
                    "com.docker.network.bridge.enable_ip_masquerade", "false")));
            c.createNetwork(network("inner", "10.60.0.0/24").withInternal(true).withOptions(Map.of(BRIDGE_NAME, "inner0",
                    "dev.jnet.bridge.pin_addresses", "false")));
            c.createNetwork(network("open", "10.30.0.0/24").withIpv6(List.of(PoolRequest.subnet(Cidr.parse("fd00:30::/64"))))
                    .withOptions(Map.of(BRIDGE_NAME, "open0", "com.docker.network.bridge.gateway_mode_ipv4", "routed")));
            for (String name : new String[] {"a", "b", "c", "d"}) {
                c.createSandbox(SandboxSpec.named(name));
            }
            c.connect("web", "a", publish("8080:80", "127.0.0.1:5353:53/udp", "9000-9001:7000-7001/sctp")
                    .withIpv4(Cidr.parseAddress("10.10.0.10")));
            c.connect("quiet", "b", publish("8443:443").withIpv4(Cidr.parseAddress("10.40.0.10")));
            c.connect("inner", "c", ConnectSpec.DEFAULT.withIpv4(Cidr.parseAddress("10.60.0.10")));
            c.connect("open", "d", publish("8081:80").withIpv4(Cidr.parseAddress("10.30.0.10")));

            String actual = Golden.ruleset(hostNs);
            assertThat(actual).isEqualTo(Golden.expected("four-networks.nft", actual));
            assertThat(c.findDrift()).as("the drift check counts what the rules are").isEmpty();
            c.reconcile();
            assertThat(Golden.ruleset(hostNs)).as("a rebuild gives the same").isEqualTo(actual);

            for (String name : new String[] {"a", "b", "c", "d"}) {
                c.deleteSandbox(name);
            }
            for (String name : new String[] {"web", "quiet", "inner", "open"}) {
                c.deleteNetwork(name);
            }
            String left = Golden.ruleset(hostNs);
            assertThat(left).isEqualTo(Golden.expected("default-bridge-only.nft", left));
            assertThat(c.findDrift()).isEmpty();
        }
    }

    private static NftInventory inventory(ThrowawayNs ns) {
        return NftInventory.open(TestKernel.executor(), ns.ns());
    }

    @Test
    void afterTheLastNetworkNoJnetTableRemains(ThrowawayNs hostNs) {
        try (NftInventory inventory = inventory(hostNs);
             NftSetElements elements = NftSetElements.open(TestKernel.executor(), hostNs.ns())) {
            NftFirewall firewall = new NftFirewall(hostNs.nft(), inventory, elements);
            FirewallNetwork n = new FirewallNetwork(IfName.of("br-test"), true, true, FirewallNetwork.GatewayMode.NAT, false);
            firewall.rebuild(Map.of());
            firewall.networkCreated(n);
            assertThat(hostNs.exec("nft", "list", "tables").stdout()).contains("table inet jnet", "table bridge jnet");

            firewall.networkDeleted(n);
            assertThat(hostNs.exec("nft", "list", "ruleset").stdout()).isEmpty();
        }
    }

    @Test
    void theUserChainKeepsTheTableWhenItHoldsRules(ThrowawayNs hostNs) {
        try (NftInventory inventory = inventory(hostNs);
             NftSetElements elements = NftSetElements.open(TestKernel.executor(), hostNs.ns())) {
            NftFirewall firewall = new NftFirewall(hostNs.nft(), inventory, elements);
            FirewallNetwork n = new FirewallNetwork(IfName.of("br-test"), true, true, FirewallNetwork.GatewayMode.NAT, false);
            firewall.rebuild(Map.of());
            firewall.networkCreated(n);
            hostNs.exec("nft", "add", "rule", "inet", "jnet", "user", "counter");

            firewall.networkDeleted(n);
            assertThat(hostNs.exec("nft", "list", "chain", "inet", "jnet", "user").stdout()).contains("counter");
        }
    }
}
