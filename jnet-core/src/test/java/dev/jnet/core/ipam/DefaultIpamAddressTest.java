package dev.jnet.core.ipam;

import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.ErrorKind;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static dev.jnet.core.ipam.IpamFixtures.HOST_ID;
import static dev.jnet.core.ipam.IpamFixtures.assertFails;
import static dev.jnet.core.ipam.IpamFixtures.cidr;
import static dev.jnet.core.ipam.IpamFixtures.ip;
import static dev.jnet.core.ipam.IpamFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

class DefaultIpamAddressTest {
    private final DefaultIpam ipam = new DefaultIpam(HOST_ID);
    private final NetworkId network = NetworkId.random();

    private IpamPool pool(String subnet, boolean withGateway) {
        return ipam.allocatePool(network, PoolRequest.subnet(cidr(subnet)), !cidr(subnet).isIpv4(), withGateway);
    }

    private Cidr next(IpamPool pool) {
        return ipam.allocateAddress(network, pool, Optional.empty());
    }

    private Cidr take(IpamPool pool, String address) {
        return ipam.allocateAddress(network, pool, Optional.of(ip(address)));
    }

    @Test
    void aSlash29HoldsFiveEndpointsBesideNetworkBroadcastAndGateway() {
        IpamPool pool = pool("10.5.0.0/29", true);

        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            addresses.add(next(pool).toString());
        }

        assertThat(addresses)
                .containsExactly("10.5.0.2/29", "10.5.0.3/29", "10.5.0.4/29", "10.5.0.5/29", "10.5.0.6/29");
        assertFails(ErrorKind.CONFLICT, () -> next(pool))
                .withMessage("no available IPv4 addresses on network " + network.shortId() + " (subnet 10.5.0.0/29)");
    }

    @Test
    void aReleasedAddressIsTheNextOneHandedOut() {
        IpamPool pool = pool("10.5.0.0/24", true);
        for (int i = 0; i < 10; i++) {
            next(pool);
        }

        ipam.releaseAddress(network, pool, ip("10.5.0.4"));
        ipam.releaseAddress(network, pool, ip("10.5.0.7"));

        assertThat(next(pool)).isEqualTo(cidr("10.5.0.4/24"));
        assertThat(next(pool)).isEqualTo(cidr("10.5.0.7/24"));
        assertThat(next(pool)).isEqualTo(cidr("10.5.0.12/24"));
    }

    @Test
    void dynamicAddressesComeFromTheIpRangeAndStaticOnesFromAnywhereInTheSubnet() {
        IpamPool pool = ipam.allocatePool(network, request("10.6.0.0/16", "10.6.8.0/30", null, Map.of()), false, true);

        assertThat(take(pool, "10.6.200.7")).isEqualTo(cidr("10.6.200.7/16"));
        assertThat(List.of(next(pool), next(pool), next(pool), next(pool)))
                .containsExactly(cidr("10.6.8.0/16"), cidr("10.6.8.1/16"), cidr("10.6.8.2/16"), cidr("10.6.8.3/16"));
        assertFails(ErrorKind.CONFLICT, () -> next(pool))
                .withMessageEndingWith("(subnet 10.6.0.0/16, ip-range 10.6.8.0/30)");
        assertThat(pool.gateway()).contains(ip("10.6.0.1"));
    }

    @Test
    void aPreferredAddressAlreadyTakenIsAConflict() {
        IpamPool pool = pool("172.18.0.0/16", true);
        take(pool, "172.18.0.5");

        assertFails(ErrorKind.CONFLICT, () -> take(pool, "172.18.0.5"))
                .withMessage("address 172.18.0.5 is already in use on network " + network.shortId());
        assertFails(ErrorKind.CONFLICT, () -> take(pool, "172.18.0.1"))
                .withMessageContaining("it is the gateway of subnet 172.18.0.0/16");
        assertFails(ErrorKind.CONFLICT, () -> take(pool, "172.18.255.255"))
                .withMessageContaining("it is the broadcast address");
        assertFails(ErrorKind.CONFLICT, () -> take(pool, "172.18.0.0"))
                .withMessageContaining("it is the network address");
    }

    @Test
    void aPreferredAddressOutsideTheSubnetIsInvalid() {
        IpamPool pool = pool("172.18.0.0/16", true);

        assertFails(ErrorKind.INVALID, () -> take(pool, "172.19.0.5"))
                .withMessageContaining("address 172.19.0.5 is not inside subnet 172.18.0.0/16");
        assertFails(ErrorKind.INVALID, () -> take(pool, "fd00::5"));
    }

    @Test
    void aSlash31WithoutGatewayHandsOutBothAddresses() {
        IpamPool withoutGateway = pool("10.7.0.0/31", false);
        assertThat(List.of(next(withoutGateway), next(withoutGateway)))
                .containsExactly(cidr("10.7.0.0/31"), cidr("10.7.0.1/31"));
        assertFails(ErrorKind.CONFLICT, () -> next(withoutGateway));
    }

    @Test
    void aSlash32WithoutGatewayHandsOutItsOneAddress() {
        IpamPool pool = pool("10.8.0.9/32", false);

        assertThat(next(pool)).isEqualTo(cidr("10.8.0.9/32"));
        assertFails(ErrorKind.CONFLICT, () -> next(pool));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.7.0.2/31 | subnet 10.7.0.2/31 holds only 2 addresses: too small for a network with a gateway, which"
                    + " takes one of them; use a /30 or larger, or a network without a gateway",
            "10.8.0.10/32 | subnet 10.8.0.10/32 holds only 1 address: too small for a network with a gateway, which"
                    + " takes one of them; use a /30 or larger, or a network without a gateway",
            "fd00:7::/127 | subnet fd00:7::/127 holds only 2 addresses: too small for a network with a gateway, which"
                    + " takes one of them; use a /126 or larger, or a network without a gateway",
            "fd00:7::5/128 | subnet fd00:7::5/128 holds only 1 address: too small for a network with a gateway, which"
                    + " takes one of them; use a /126 or larger, or a network without a gateway"})
    void pointToPointSubnetsAreTooSmallForAGatewayAndLeaveNothingHeld(String subnet, String message) {
        assertFails(ErrorKind.INVALID, () -> pool(subnet, true)).withMessage(message);

        assertThat(pool(subnet, false).subnet()).isEqualTo(cidr(subnet)); // nothing was held by the refusal
    }

    @Test
    void aDefaultPoolSplitIntoSlash31sIsTooSmallForAGateway() {
        DefaultIpam tiny = new DefaultIpam(List.of(PredefinedPool.of("10.9.0.0/30", 31)), HOST_ID);

        assertFails(ErrorKind.INVALID, () -> tiny.allocatePool(network, PoolRequest.ANY, false, true))
                .withMessageStartingWith("default address pool subnet 10.9.0.0/31 holds only 2 addresses");
        assertThat(tiny.allocatePool(network, PoolRequest.ANY, false, false).subnet()).isEqualTo(cidr("10.9.0.0/31"));
    }

    @Test
    void ipv6SubnetsReserveOnlyTheSubnetRouterAnycastAddress() {
        IpamPool pool = pool("fd00:1::/64", true);

        assertThat(pool.gateway()).contains(ip("fd00:1::1"));
        assertThat(next(pool)).isEqualTo(cidr("fd00:1::2/64"));
        assertThat(take(pool, "fd00:1::ffff:ffff:ffff:ffff")).isEqualTo(cidr("fd00:1::ffff:ffff:ffff:ffff/64"));
        assertFails(ErrorKind.CONFLICT, () -> take(pool, "fd00:1::"))
                .withMessageContaining("it is the subnet-router anycast address");
        IpamPool pointToPoint = pool("fd00:2::/127", false);
        assertThat(List.of(next(pointToPoint), next(pointToPoint)))
                .containsExactly(cidr("fd00:2::/127"), cidr("fd00:2::1/127"));
    }

    @Test
    void tenThousandAddressesOfASlash64AreHandedOutInOrderWithoutScanning() {
        IpamPool pool = pool("fd00:abcd::/64", true);

        Set<Cidr> addresses = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            addresses.add(next(pool));
        }
        ipam.releaseAddress(network, pool, ip("fd00:abcd::1000"));

        assertThat(addresses).hasSize(10_000).contains(cidr("fd00:abcd::2/64"), cidr("fd00:abcd::2711/64"));
        assertThat(next(pool)).isEqualTo(cidr("fd00:abcd::1000/64"));
        assertThat(next(pool)).isEqualTo(cidr("fd00:abcd::2712/64"));
    }

    @Test
    void aSlash16IsFilledToTheLastUsableAddress() {
        IpamPool pool = pool("10.9.0.0/16", true);

        Cidr last = null;
        for (int i = 0; i < 65_536 - 3; i++) {
            last = next(pool);
        }

        assertThat(last).isEqualTo(cidr("10.9.255.254/16"));
        assertFails(ErrorKind.CONFLICT, () -> next(pool));
    }

    @Test
    void releasingWhatIsNotAllocatedDoesNothing() {
        IpamPool pool = pool("10.5.0.0/24", true);
        NetworkId other = NetworkId.random();
        next(pool);

        ipam.releaseAddress(network, pool, ip("10.5.0.2"));
        ipam.releaseAddress(network, pool, ip("10.5.0.2"));
        ipam.releaseAddress(network, pool, ip("10.5.0.1"));
        ipam.releaseAddress(network, pool, ip("10.5.0.0"));
        ipam.releaseAddress(network, pool, ip("192.0.2.1"));
        ipam.releaseAddress(other, pool, ip("10.5.0.3"));
        ipam.releasePool(other, pool.subnet());
        ipam.releasePool(network, cidr("10.200.0.0/24"));

        assertThat(next(pool)).isEqualTo(cidr("10.5.0.2/24"));
        assertFails(ErrorKind.CONFLICT, () -> take(pool, "10.5.0.1"));
    }

    @Test
    void releasingAPoolFreesItsGatewayAndEndpointAddresses() {
        IpamPool pool = pool("10.5.0.0/24", true);
        next(pool);
        next(pool);

        ipam.releasePool(network, pool.subnet());
        ipam.releasePool(network, pool.subnet());

        assertFails(ErrorKind.NOT_FOUND, () -> next(pool));
        IpamPool again = pool("10.5.0.0/24", false);
        assertThat(next(again)).isEqualTo(cidr("10.5.0.1/24"));
    }

    @Test
    void anotherNetworkCannotAllocateFromAPoolItDoesNotOwn() {
        IpamPool pool = pool("10.5.0.0/24", true);
        NetworkId other = NetworkId.random();

        assertFails(ErrorKind.NOT_FOUND, () -> ipam.allocateAddress(other, pool, Optional.empty()))
                .withMessage("network " + other.shortId() + " has no subnet 10.5.0.0/24 in IPAM");
    }

    @Test
    void concurrentAllocationsNeverHandOutAnAddressTwice() throws Exception {
        IpamPool pool = pool("10.10.0.0/20", true);
        Set<Cidr> addresses = ConcurrentHashMap.newKeySet();

        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4_000; i++) {
                executor.submit(() -> addresses.add(next(pool)));
            }
        }

        assertThat(addresses).hasSize(4_000);
    }
}
