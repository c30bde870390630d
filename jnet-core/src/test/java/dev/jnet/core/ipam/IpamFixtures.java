package dev.jnet.core.ipam;

import dev.jnet.core.model.Endpoint;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.core.model.SandboxId;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import dev.jnet.net.IfName;
import dev.jnet.net.MacAddress;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Short ways to write addresses, requests and stored records in IPAM tests. */
final class IpamFixtures {
    static final String HOST_ID = "3f0c4b52-8a3e-4a8e-9d6e-3c1f2a7b9e10";

    private IpamFixtures() {}

    static InetAddress ip(String literal) {
        return Cidr.parseAddress(literal);
    }

    static Cidr cidr(String text) {
        return Cidr.parse(text);
    }

    static PoolRequest request(String subnet, String ipRange, String gateway, Map<String, String> aux) {
        return new PoolRequest(Optional.of(cidr(subnet)), Optional.ofNullable(ipRange).map(Cidr::parse),
                Optional.ofNullable(gateway).map(Cidr::parseAddress),
                aux.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        entry -> ip(entry.getValue()))));
    }

    static Network network(NetworkId id, List<IpamPool> ipv4, List<IpamPool> ipv6) {
        return new Network(id, "net-" + id.shortId(), "bridge", Instant.EPOCH, ipv4, ipv6, Map.of(), Map.of(),
                false, false, !ipv4.isEmpty(), !ipv6.isEmpty());
    }

    static Endpoint endpoint(NetworkId network, Cidr ipv4, Cidr ipv6) {
        return new Endpoint(EndpointId.random(), "c1", network, SandboxId.random(), IfName.of("eth0"),
                Optional.ofNullable(ipv4), Optional.ofNullable(ipv6), MacAddress.parse("02:42:ac:11:00:02"),
                List.of(), Map.of());
    }

    static ThrowableAssertAlternative<JnetException> assertFails(ErrorKind kind, ThrowingCallable call) {
        return assertThatExceptionOfType(JnetException.class).isThrownBy(call)
                .matches(e -> e.kind() == kind, "kind is " + kind);
    }
}
