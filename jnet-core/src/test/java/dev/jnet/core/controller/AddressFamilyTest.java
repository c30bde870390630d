package dev.jnet.core.controller;

import dev.jnet.core.model.ConnectSpec;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.core.model.SandboxSpec;
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
