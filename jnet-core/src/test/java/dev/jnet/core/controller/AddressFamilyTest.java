package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxSpec;
import dev.jnet.kernel.testing.Command;
import dev.jnet.net.IpFormat;
import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(NetnsExtension.class)
class AddressFamilyTest {

    @Test
    void aNetworkWithoutIpv6GetsNoIpv6SubnetAndItsEndpointsNoIpv6Address(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            Network net = c.createNetwork(NetworkSpec.named("v4only"));
            c.createSandbox(SandboxSpec.named("a"));
            Endpoint e = c.connect("v4only", "a", ConnectSpec.DEFAULT);

            assertThat(net.ipv6()).isEmpty();
            assertThat(e.ipv6()).isEmpty();
            assertThat(c.network("bridge").ipv6()).isEmpty();
        }
    }

    @Test
    void anIpv4OnlyInterfaceHasNoIpv6ADualStackOneHasItsOwnAndLinkLocalAndNoBridgePortHasAny(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("v4only"));
            c.createNetwork(NetworkSpec.named("dual").withIpv6(List.of()));
            Sandbox s = c.createSandbox(SandboxSpec.named("a"));
            c.connect("v4only", "a", ConnectSpec.DEFAULT);
            Endpoint dual = c.connect("dual", "a", ConnectSpec.DEFAULT);

            String v4only = Command.check("nsenter", "--net=" + s.namespace(), "ip", "-6", "-o", "addr", "show", "dev", "eth0");
            String both = Command.check("nsenter", "--net=" + s.namespace(), "ip", "-6", "-o", "addr", "show", "dev", "eth1");
            String lo = Command.check("nsenter", "--net=" + s.namespace(), "ip", "-6", "-o", "addr", "show", "dev", "lo");
            assertThat(v4only).isBlank();
            assertThat(Command.check("nsenter", "--net=" + s.namespace(), "cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6"))
                    .isEqualToIgnoringWhitespace("1");
            assertThat(both).contains(IpFormat.format(dual.ipv6().orElseThrow().address())).contains("fe80::");
            assertThat(lo).contains("::1/128");
            // The bridge port, the host end of the veth, has none of its own on either network.
            for (Endpoint e : List.of(dual, c.endpointsOf(c.network("v4only")).getFirst())) {
                Command.Result port = hostNs.exec("ip", "-6", "-o", "addr", "show", "dev", "veth" + e.id().nameDigits());
                assertThat(port.exitCode()).isZero();
                assertThat(port.stdout()).isBlank();
            }
        }
    }

    @Test
    void anInterfaceThatArrivesWithIpv6OnGetsItTurnedOffOnAnIpv4OnlyNetwork(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            c.createNetwork(NetworkSpec.named("v4only"));
            Sandbox s = c.createSandbox(SandboxSpec.named("a"));
            // Another hand turns the namespace's default back on: the new interface arrives with IPv6.
            Command.check("nsenter", "--net=" + s.namespace(), "sysctl", "-q", "-w", "net.ipv6.conf.default.disable_ipv6=0");
            c.connect("v4only", "a", ConnectSpec.DEFAULT);

            assertThat(Command.check("nsenter", "--net=" + s.namespace(), "cat", "/proc/sys/net/ipv6/conf/eth0/disable_ipv6"))
                    .isEqualToIgnoringWhitespace("1");
            assertThat(Command.check("nsenter", "--net=" + s.namespace(), "ip", "-6", "-o", "addr", "show", "dev", "eth0")).isBlank();
        }
    }

    @Test
    void aNetworkWithIpv4DisabledGetsOnlyIpv6(ThrowawayNs hostNs) {
        try (FakeHost host = new FakeHost(hostNs)) {
            Controller c = host.controller();
            NetworkSpec spec = new NetworkSpec("v6only", "bridge", List.of(), List.of(), Map.of(), Map.of(), false, false,
                    false, true);
            Network net = c.createNetwork(spec);

            assertThat(net.ipv4()).isEmpty();
            assertThat(net.ipv6()).hasSize(1);
        }
    }
}
