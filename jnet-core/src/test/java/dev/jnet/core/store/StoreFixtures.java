package dev.jnet.core.store;

import dev.jnet.core.model.DnsConfig;
import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.PortBinding;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.ExtraHost;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.Sandbox;
import dev.jnet.core.model.SandboxId;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records for store tests: plain ones, and richly filled ones that use every field. */
final class StoreFixtures {
    static final Instant CREATED = Instant.parse("2026-03-01T12:34:56.123456789Z");

    private StoreFixtures() {}

    static InetAddress ip(String literal) {
        return Cidr.parseAddress(literal);
    }

    static Network network(String name) {
        return new Network(NetworkId.random(), name, "bridge", CREATED,
                List.of(new IpamPool(Cidr.parse("172.18.0.0/16"), Optional.empty(), Optional.empty(), Map.of())),
                List.of(), Map.of(), Map.of(), false, false, true, false);
    }

    /** Two IPv4 subnets and one IPv6 subnet, ranges, gateways, aux addresses, options and labels. */
    static Network richNetwork(String name) {
        IpamPool v4 = new IpamPool(Cidr.parse("172.20.0.0/16"), Optional.of(Cidr.parse("172.20.10.0/24")),
                Optional.of(ip("172.20.0.1")), Map.of("router", ip("172.20.0.2"), "dns", ip("172.20.0.3")));
        IpamPool v4b = new IpamPool(Cidr.parse("10.99.0.0/24"), Optional.empty(), Optional.of(ip("10.99.0.254")),
                Map.of());
        IpamPool v6 = new IpamPool(Cidr.parse("fd00:dead:beef::/48"), Optional.of(Cidr.parse("fd00:dead:beef:1::/64")),
                Optional.of(ip("fd00:dead:beef::1")), Map.of("peer", ip("fd00:dead:beef:0:0:0:0:fe")));
        return new Network(NetworkId.random(), name, "bridge", CREATED, List.of(v4, v4b), List.of(v6),
                Map.of("com.docker.network.bridge.name", "br-rich", "com.docker.network.driver.mtu", "1400"),
                Map.of("team", "net", "empty", "", "unicode", "säge ✓"), true, true, true, true);
    }

    static Endpoint endpoint(Network network, Sandbox sandbox) {
        return new Endpoint(EndpointId.random(), sandbox.name(), network.id(), sandbox.id(), IfName.of("eth0"),
                Optional.of(Cidr.parse("172.18.0.2/16")), Optional.empty(), MacAddress.parse("02:42:ac:12:00:02"),
                List.of(), Map.of());
    }

    static Endpoint richEndpoint(Network network, Sandbox sandbox) {
        return new Endpoint(EndpointId.random(), sandbox.name(), network.id(), sandbox.id(), IfName.of("eth1"),
                Optional.of(Cidr.parse("172.20.10.5/16")), Optional.of(Cidr.parse("fd00:dead:beef:1::5/48")),
                MacAddress.parse("02:42:AC:14:0a:05"), List.of("web", "web.internal", "www"),
                Map.of("com.example.opt", "1", "other", "two words"),
                List.of(new PortBinding(PortBinding.Protocol.TCP, 80, Cidr.parseAddress("0.0.0.0"), 8080),
                        new PortBinding(PortBinding.Protocol.UDP, 53, Cidr.parseAddress("::1"), 5353)));
    }

    static Sandbox sandbox(String name) {
        return new Sandbox(SandboxId.random(), name, name, Path.of("/run/jnet/netns", name), false, DnsConfig.HOST,
                List.of(), CREATED);
    }

    static Sandbox richSandbox(String name) {
        DnsConfig dns = new DnsConfig(List.of(ip("1.1.1.1"), ip("2606:4700:4700::1111")),
                List.of("example.com", "corp.example.com"), List.of("ndots:2", "timeout:1"));
        return new Sandbox(SandboxId.random(), name, "host-" + name, Path.of("/run/jnet/netns/sb-" + name), false, dns,
                List.of(new ExtraHost("db", ip("10.0.0.5")), new ExtraHost("db6", ip("2001:db8::5"))),
                Instant.parse("2026-03-01T12:34:56.000000001Z"));
    }

    static Sandbox hostSandbox(String name) {
        return new Sandbox(SandboxId.random(), name, "", Path.of("/proc/1/ns/net"), true, DnsConfig.HOST, List.of(),
                CREATED);
    }
}
