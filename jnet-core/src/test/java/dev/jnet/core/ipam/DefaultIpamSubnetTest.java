package dev.jnet.core.ipam;

import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.jnet.core.ipam.IpamFixtures.HOST_ID;
import static dev.jnet.core.ipam.IpamFixtures.assertFails;
import static dev.jnet.core.ipam.IpamFixtures.cidr;
import static dev.jnet.core.ipam.IpamFixtures.ip;
import static dev.jnet.core.ipam.IpamFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultIpamSubnetTest {
    private final DefaultIpam ipam = new DefaultIpam(HOST_ID);

    private IpamPool auto() {
        return ipam.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true);
    }

    @Test
    void firstNetworkGets172_17WithGatewayDotOneAndFirstEndpointDotTwo() {
        NetworkId network = NetworkId.random();
        IpamPool pool = ipam.allocatePool(network, PoolRequest.ANY, false, true);

        assertThat(pool.subnet()).isEqualTo(cidr("172.17.0.0/16"));
        assertThat(pool.gateway()).contains(ip("172.17.0.1"));
        assertThat(pool.ipRange()).isEmpty();
        assertThat(ipam.allocateAddress(network, pool, Optional.empty())).isEqualTo(cidr("172.17.0.2/16"));
    }

    @Test
    void defaultPoolsGiveFifteen172SubnetsThenSixteen192_168Twenties() {
        List<String> subnets = new ArrayList<>();
        for (int i = 0; i < 31; i++) {
            subnets.add(auto().subnet().toString());
        }

        assertThat(subnets.subList(0, 15)).containsExactly("172.17.0.0/16", "172.18.0.0/16", "172.19.0.0/16",
                "172.20.0.0/16", "172.21.0.0/16", "172.22.0.0/16", "172.23.0.0/16", "172.24.0.0/16",
                "172.25.0.0/16", "172.26.0.0/16", "172.27.0.0/16", "172.28.0.0/16", "172.29.0.0/16",
                "172.30.0.0/16", "172.31.0.0/16");
        assertThat(subnets.get(15)).isEqualTo("192.168.0.0/20");
        assertThat(subnets.get(16)).isEqualTo("192.168.16.0/20");
        assertThat(subnets.get(30)).isEqualTo("192.168.240.0/20");
    }

    @Test
    void whenEveryDefaultPoolIsUsedAutoAllocationIsUnavailable() {
        for (int i = 0; i < 31; i++) {
            auto();
        }
        assertFails(ErrorKind.CONFLICT, this::auto)
                .withMessageContaining("all predefined address pools have been fully subnetted");
    }

    @Test
    void autoAllocationSkipsSubnetsInUseWhetherWholeOrPartlyOverlapping() {
        ipam.allocatePool(NetworkId.random(), PoolRequest.subnet(cidr("172.18.0.0/16")), false, true);
        ipam.allocatePool(NetworkId.random(), PoolRequest.subnet(cidr("172.20.5.0/24")), false, true);

        assertThat(List.of(auto().subnet(), auto().subnet(), auto().subnet()))
                .containsExactly(cidr("172.17.0.0/16"), cidr("172.19.0.0/16"), cidr("172.21.0.0/16"));
    }

    @Test
    void aRequestedSubnetCoveringAll172PoolsSendsAutoAllocationTo192_168() {
        ipam.allocatePool(NetworkId.random(), PoolRequest.subnet(cidr("172.16.0.0/12")), false, true);

        assertThat(auto().subnet()).isEqualTo(cidr("192.168.0.0/20"));
    }

    @Test
    void aReleasedSubnetIsTheNextOneHandedOut() {
        NetworkId network = NetworkId.random();
        ipam.allocatePool(network, PoolRequest.ANY, false, true);
        auto();

        ipam.releasePool(network, cidr("172.17.0.0/16"));

        assertThat(auto().subnet()).isEqualTo(cidr("172.17.0.0/16"));
        assertThat(auto().subnet()).isEqualTo(cidr("172.19.0.0/16"));
    }

    @Test
    void requestedSubnetGatewayRangeAndAuxAddressesAreHonouredAndReserved() {
        NetworkId network = NetworkId.random();
        IpamPool pool = ipam.allocatePool(network, request("10.10.0.0/16", "10.10.5.0/24", "10.10.0.254",
                Map.of("router", "10.10.5.0", "printer", "10.10.5.1")), false, true);

        assertThat(pool.subnet()).isEqualTo(cidr("10.10.0.0/16"));
        assertThat(pool.ipRange()).contains(cidr("10.10.5.0/24"));
        assertThat(pool.gateway()).contains(ip("10.10.0.254"));
        assertThat(pool.auxAddresses()).isEqualTo(Map.of("router", ip("10.10.5.0"), "printer", ip("10.10.5.1")));
        assertThat(ipam.allocateAddress(network, pool, Optional.empty())).isEqualTo(cidr("10.10.5.2/16"));
        assertFails(ErrorKind.CONFLICT, () -> ipam.allocateAddress(network, pool, Optional.of(ip("10.10.0.254"))))
                .withMessageContaining("it is the gateway");
        assertFails(ErrorKind.CONFLICT, () -> ipam.allocateAddress(network, pool, Optional.of(ip("10.10.5.0"))))
                .withMessageContaining("it is the auxiliary address router");
    }

    @Test
    void withoutGatewayTheFirstEndpointGetsDotOne() {
        NetworkId network = NetworkId.random();
        IpamPool pool = ipam.allocatePool(network, PoolRequest.ANY, false, false);

        assertThat(pool.gateway()).isEmpty();
        assertThat(ipam.allocateAddress(network, pool, Optional.empty())).isEqualTo(cidr("172.17.0.1/16"));
    }

    @Test
    void aRequestedGatewayIsKeptEvenWhenTheDriverWantsNone() {
        IpamPool pool = ipam.allocatePool(NetworkId.random(), request("10.1.0.0/24", null, "10.1.0.9", Map.of()),
                false, false);

        assertThat(pool.gateway()).contains(ip("10.1.0.9"));
    }

    @Test
    void anAutomaticGatewayStepsOverAuxiliaryAddresses() {
        IpamPool pool = ipam.allocatePool(NetworkId.random(),
                request("10.1.0.0/24", null, null, Map.of("DefaultGatewayIPv4", "10.1.0.1")), false, true);

        assertThat(pool.gateway()).contains(ip("10.1.0.2"));
    }

    @ParameterizedTest
    @CsvSource({"172.20.0.0/16, 172.20.0.0/16", "172.20.0.0/16, 172.20.8.0/24", "172.20.8.0/24, 172.20.0.0/16",
            "172.20.8.0/24, 172.16.0.0/12"})
    void aRequestedSubnetOverlappingOneInUseIsAConflictNamingBoth(String existing, String requested) {
        NetworkId owner = NetworkId.random();
        ipam.allocatePool(owner, PoolRequest.subnet(cidr(existing)), false, true);

        assertFails(ErrorKind.CONFLICT, () -> ipam.allocatePool(NetworkId.random(), PoolRequest.subnet(cidr(requested)),
                false, true))
                .withMessage("subnet " + requested + " overlaps subnet " + existing + ", in use by network "
                        + owner.shortId());
    }

    @Test
    void aSubnetWithHostBitsIsInvalid() {
        assertFails(ErrorKind.INVALID, () -> ipam.allocatePool(NetworkId.random(),
                PoolRequest.subnet(cidr("172.20.0.1/16")), false, true))
                .withMessage("invalid subnet 172.20.0.1/16: it should be 172.20.0.0/16");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.2.0.0/24 | 10.2.0.0 | | gateway 10.2.0.0 is the network address of subnet 10.2.0.0/24",
            "10.2.0.0/24 | 10.2.0.255 | | gateway 10.2.0.255 is the broadcast address of subnet 10.2.0.0/24",
            "10.2.0.0/24 | 10.3.0.1 | | gateway 10.3.0.1 is not inside subnet 10.2.0.0/24",
            "10.2.0.0/24 | 10.2.0.1 | 10.2.0.1 | auxiliary address aux 10.2.0.1 is the gateway of subnet 10.2.0.0/24",
            "10.2.0.0/24 | | 10.2.0.255 | auxiliary address aux 10.2.0.255 is the broadcast address of subnet 10.2.0.0/24",
            "fd00:1::/64 | fd00:1:: | | gateway fd00:1:: is the subnet-router anycast address of subnet fd00:1::/64",
            "fd00:1::/64 | 10.2.0.1 | | gateway 10.2.0.1 is not inside subnet fd00:1::/64"})
    void gatewayAndAuxiliaryAddressesMustBeUsableAddressesOfTheSubnet(String subnet, String gateway, String aux,
                                                                      String message) {
        boolean ipv6 = !cidr(subnet).isIpv4();

        // The request itself refuses what is outside the subnet; IPAM what the subnet holds already.
        assertFails(ErrorKind.INVALID, () -> ipam.allocatePool(NetworkId.random(),
                request(subnet, null, gateway, aux == null ? Map.of() : Map.of("aux", aux)), ipv6, true))
                .withMessage(message);
    }

    @Test
    void anIpRangeOutsideTheSubnetIsInvalid() {
        assertFails(ErrorKind.INVALID, () -> ipam.allocatePool(NetworkId.random(),
                request("10.2.0.0/24", "10.2.1.0/25", null, Map.of()), false, true))
                .withMessageContaining("ip-range 10.2.1.0/25 is not inside subnet 10.2.0.0/24");
    }

    @Test
    void aSubnetOfTheOtherFamilyIsInvalid() {
        assertFails(ErrorKind.INVALID, () -> ipam.allocatePool(NetworkId.random(),
                PoolRequest.subnet(cidr("10.2.0.0/24")), true, true))
                .withMessage("subnet 10.2.0.0/24 is not an IPv6 subnet");
    }

    @Test
    void aFailedRequestLeavesNothingAllocated() {
        assertThatThrownBy(() -> ipam.allocatePool(NetworkId.random(),
                request("172.17.0.0/16", null, "172.17.0.0", Map.of()), false, true));

        assertThat(auto().subnet()).isEqualTo(cidr("172.17.0.0/16"));
    }

    @Test
    void configuredPoolsReplaceTheDefaultsAndRunOut() {
        DefaultIpam small = new DefaultIpam(List.of(PredefinedPool.of("10.99.0.0/23", 24)), HOST_ID);

        assertThat(small.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true).subnet())
                .isEqualTo(cidr("10.99.0.0/24"));
        assertThat(small.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true).subnet())
                .isEqualTo(cidr("10.99.1.0/24"));
        NetworkId third = NetworkId.random();
        assertFails(ErrorKind.CONFLICT, () -> small.allocatePool(third, PoolRequest.ANY, false, true))
                .withMessage("no IPv4 subnet left for network " + third.shortId()
                        + ": all predefined address pools have been fully subnetted");
    }

    @Test
    void configuredPoolsAreWalkedByBaseAddressIgnoringPoolsInsideAnother() {
        DefaultIpam configured = new DefaultIpam(List.of(PredefinedPool.of("10.20.0.0/16", 24),
                PredefinedPool.of("10.10.0.0/16", 24), PredefinedPool.of("10.10.128.0/17", 28)), HOST_ID);

        List<String> subnets = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            subnets.add(configured.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true)
                    .subnet().toString());
        }

        assertThat(subnets.getFirst()).isEqualTo("10.10.0.0/24");
        assertThat(subnets.get(255)).isEqualTo("10.10.255.0/24");
        assertThat(subnets.get(256)).isEqualTo("10.20.0.0/24");
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.1/16, 24", "10.0.0.0/16, 8", "10.0.0.0/16, 33", "fd00::/48, 129"})
    void badPredefinedPoolsAreInvalid(String base, int size) {
        assertFails(ErrorKind.INVALID, () -> PredefinedPool.of(base, size));
    }

    @Test
    void theDefaultIpv6PoolIsDockersUniqueLocalPrefixForTheHostSplitIntoSixtyFours() throws Exception {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(HOST_ID.getBytes(StandardCharsets.UTF_8)));
        String globalId = digest.substring(6, 16);
        String prefix = "fd" + globalId.substring(0, 2) + ":" + globalId.substring(2, 6) + ":" + globalId.substring(6);

        assertThat(ipam.predefinedPools()).endsWith(new PredefinedPool(cidr(prefix + "::/48"), 64));
        NetworkId network = NetworkId.random();
        IpamPool first = ipam.allocatePool(network, PoolRequest.ANY, true, true);
        assertThat(first.subnet()).isEqualTo(cidr(prefix + "::/64"));
        assertThat(first.gateway()).contains(ip(prefix + "::1"));
        assertThat(ipam.allocateAddress(network, first, Optional.empty())).isEqualTo(cidr(prefix + "::2/64"));
        assertThat(ipam.allocatePool(NetworkId.random(), PoolRequest.ANY, true, true).subnet())
                .isEqualTo(cidr(prefix + ":1::/64"));
    }

    @Test
    void theUniqueLocalPoolIsAddedOnlyWhenNoConfiguredPoolIsIpv6() {
        PredefinedPool v4 = PredefinedPool.of("10.99.0.0/16", 24);
        PredefinedPool v6 = PredefinedPool.of("fd12:3456::/48", 64);

        assertThat(new DefaultIpam(List.of(v4, v6), HOST_ID).predefinedPools()).containsExactly(v4, v6);
        assertThat(new DefaultIpam(List.of(v4), HOST_ID).predefinedPools()).hasSize(2).startsWith(v4);
        assertThat(new DefaultIpam(HOST_ID).predefinedPools()).hasSize(8);
        assertThat(new DefaultIpam("another host").predefinedPools().getLast())
                .isNotEqualTo(ipam.predefinedPools().getLast());
    }

    @Test
    void onlyIpv6PoolsConfiguredLeaveNoIpv4Subnets() {
        DefaultIpam v6only = new DefaultIpam(List.of(PredefinedPool.of("fd12:3456::/48", 64)), HOST_ID);

        assertFails(ErrorKind.CONFLICT, () -> v6only.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true));
        assertThat(v6only.allocatePool(NetworkId.random(), PoolRequest.ANY, true, true).subnet())
                .isEqualTo(cidr("fd12:3456::/64"));
    }
}
