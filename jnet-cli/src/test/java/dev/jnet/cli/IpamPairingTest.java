package dev.jnet.cli;

import dev.jnet.cli.client.Pool;
import dev.jnet.error.JnetException;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpamPairingTest {
    static List<Cidr> cidrs(String... texts) {
        return List.of(texts).stream().map(Cidr::parse).toList();
    }

    static List<InetAddress> addresses(String... texts) {
        return List.of(texts).stream().map(Cidr::parseAddress).toList();
    }

    @Test
    void eachGatewayAndRangeGoesToTheSubnetThatContainsItWhateverTheOrder() {
        IpamPairing.Pools pools = IpamPairing.pair(cidrs("10.1.0.0/24", "10.2.0.0/16"), cidrs("10.2.1.0/24"),
                addresses("10.2.0.1", "10.1.0.254"), Map.of());
        assertThat(pools.ipv4()).containsExactly(
                new Pool("10.1.0.0/24", null, "10.1.0.254", null),
                new Pool("10.2.0.0/16", "10.2.1.0/24", "10.2.0.1", null));
        assertThat(pools.ipv6()).isEmpty();
    }

    @Test
    void ipv6SubnetsGoToTheIpv6ListInTheirOrder() {
        Map<String, InetAddress> aux = new LinkedHashMap<>();
        aux.put("router", Cidr.parseAddress("fd00:2::fe"));
        aux.put("printer", Cidr.parseAddress("10.0.0.9"));
        IpamPairing.Pools pools = IpamPairing.pair(cidrs("fd00:2::/64", "10.0.0.0/24", "fd00:1::/64"), List.of(),
                addresses("fd00:1::1"), aux);
        assertThat(pools.ipv4()).containsExactly(new Pool("10.0.0.0/24", null, null, Map.of("printer", "10.0.0.9")));
        assertThat(pools.ipv6()).containsExactly(new Pool("fd00:2::/64", null, null, Map.of("router", "fd00:2::fe")),
                new Pool("fd00:1::/64", null, "fd00:1::1", null));
    }

    @Test
    void nothingGivenMeansNoPools() {
        IpamPairing.Pools pools = IpamPairing.pair(List.of(), List.of(), List.of(), Map.of());
        assertThat(pools.ipv4()).isEmpty();
        assertThat(pools.ipv6()).isEmpty();
    }

    @Test
    void aGatewayRangeOrAuxAddressOutsideEverySubnetIsRefused() {
        assertThatThrownBy(() -> IpamPairing.pair(List.of(), List.of(), addresses("10.0.0.1"), Map.of()))
                .isInstanceOf(JnetException.class).hasMessage("--gateway 10.0.0.1 needs a --subnet that contains it");
        assertThatThrownBy(() -> IpamPairing.pair(cidrs("10.1.0.0/24"), cidrs("10.9.0.0/24"), List.of(), Map.of()))
                .hasMessage("no --subnet contains --ip-range 10.9.0.0/24 (subnets: 10.1.0.0/24)");
        assertThatThrownBy(() -> IpamPairing.pair(cidrs("10.1.0.0/24"), List.of(), List.of(),
                Map.of("r", Cidr.parseAddress("fd00::1"))))
                .hasMessage("no --subnet contains --aux-address r=fd00::1 (subnets: 10.1.0.0/24)");
    }

    @Test
    void twoGatewaysOrRangesForOneSubnetAreRefused() {
        assertThatThrownBy(() -> IpamPairing.pair(cidrs("10.1.0.0/24"), List.of(), addresses("10.1.0.1", "10.1.0.2"), Map.of()))
                .hasMessage("cannot configure several gateways (10.1.0.1, 10.1.0.2) for the same subnet (10.1.0.0/24)");
        assertThatThrownBy(() -> IpamPairing.pair(cidrs("10.1.0.0/24"), cidrs("10.1.0.0/25", "10.1.0.128/25"), List.of(), Map.of()))
                .hasMessage("cannot configure several ranges (10.1.0.0/25, 10.1.0.128/25) on the same subnet (10.1.0.0/24)");
    }

    @Test
    void overlappingSubnetsAndARangeLargerThanItsSubnetAreRefused() {
        assertThatThrownBy(() -> IpamPairing.pair(cidrs("10.0.0.0/16", "10.0.1.0/24"), List.of(), List.of(), Map.of()))
                .hasMessage("--subnet 10.0.0.0/16 and --subnet 10.0.1.0/24 overlap; the subnets of one network must not overlap");
        assertThatThrownBy(() -> IpamPairing.pair(cidrs("10.1.0.0/24"), cidrs("10.1.0.0/16"), List.of(), Map.of()))
                .hasMessage("--ip-range 10.1.0.0/16 is larger than its --subnet 10.1.0.0/24");
    }
}
