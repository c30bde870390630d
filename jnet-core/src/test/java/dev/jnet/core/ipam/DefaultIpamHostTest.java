package dev.jnet.core.ipam;

import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.error.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.jnet.core.ipam.IpamFixtures.HOST_ID;
import static dev.jnet.core.ipam.IpamFixtures.assertFails;
import static dev.jnet.core.ipam.IpamFixtures.cidr;
import static org.assertj.core.api.Assertions.assertThat;

/** IPAM on a host that already uses subnets: a fake host's routes, addresses and nameservers, written by hand. */
class DefaultIpamHostTest {
    private final DefaultIpam ipam = new DefaultIpam(HOST_ID);

    private static HostSubnets.InUse use(String prefix, String what) {
        return new HostSubnets.InUse(cidr(prefix), what);
    }

    private static HostSubnets onLink(String... prefixes) {
        return new HostSubnets(List.of(prefixes).stream().map(p -> use(p, "route " + p + " dev eth9")).toList(),
                List.of(), List.of(), List.of());
    }

    private IpamPool auto(HostSubnets host) {
        return ipam.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true, host);
    }

    @Test
    void theAutomaticChoiceSkipsOnLinkRoutesAsDocker0sAndAVpnsAndTakesTheNextFreePool() {
        HostSubnets host = onLink("172.17.0.0/16", "172.18.0.0/16");

        assertThat(auto(host).subnet()).isEqualTo(cidr("172.19.0.0/16"));
        assertThat(auto(host).subnet()).isEqualTo(cidr("172.20.0.0/16"));
    }

    @Test
    void aRouteSmallerThanAPoolSubnetBlocksThatWholeSubnetAndALargerOneEveryPoolInside() {
        assertThat(auto(onLink("172.17.3.0/24")).subnet()).isEqualTo(cidr("172.18.0.0/16"));
        DefaultIpam other = new DefaultIpam(HOST_ID);
        assertThat(other.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true, onLink("172.16.0.0/12"))
                .subnet()).isEqualTo(cidr("192.168.0.0/20"));
    }

    @Test
    void theHostsAddressesAndNameserversAreSkippedToo() {
        HostSubnets host = new HostSubnets(List.of(), List.of(),
                List.of(use("172.17.0.5/32", "address 172.17.0.5/32 on tun0"), use("172.18.9.1/24", "address 172.18.9.1/24 on eth1")),
                List.of(use("172.19.0.53/32", "nameserver 172.19.0.53")));

        assertThat(auto(host).subnet()).isEqualTo(cidr("172.20.0.0/16"));
    }

    @Test
    void routesThroughAGatewayAndDefaultRoutesDoNotBlockTheAutomaticChoiceAsInDockerd() {
        HostSubnets host = new HostSubnets(
                List.of(use("0.0.0.0/1", "route 0.0.0.0/1 dev tun0"), use("128.0.0.0/1", "route 128.0.0.0/1 dev tun0")),
                List.of(use("172.16.0.0/12", "route 172.16.0.0/12 via 10.8.0.1 dev tun0"),
                        use("0.0.0.0/0", "route 0.0.0.0/0 via 192.0.2.1 dev eth0")),
                List.of(), List.of());

        assertThat(auto(host).subnet()).isEqualTo(cidr("172.17.0.0/16"));
    }

    @Test
    void theIpv6ChoiceSkipsAnOnLinkRouteInsideTheUniqueLocalPool() {
        IpamPool first = new DefaultIpam(HOST_ID).allocatePool(NetworkId.random(), PoolRequest.ANY, true, true);
        HostSubnets host = onLink(first.subnet().toString());

        IpamPool chosen = ipam.allocatePool(NetworkId.random(), PoolRequest.ANY, true, true, host);

        assertThat(chosen.subnet()).isNotEqualTo(first.subnet());
        assertThat(chosen.subnet().prefixLength()).isEqualTo(64);
    }

    @Test
    void whenTheHostUsesEveryPoolTheErrorSaysSo() {
        DefaultIpam small = new DefaultIpam(List.of(PredefinedPool.of("10.99.0.0/23", 24)), HOST_ID);

        assertFails(ErrorKind.CONFLICT, () -> small.allocatePool(NetworkId.random(), PoolRequest.ANY, false, true,
                onLink("10.99.0.0/16"))).withMessageEndingWith("have been fully subnetted or overlap routes and addresses"
                + " of the host");
    }

    @Test
    void aRequestedSubnetHoldingTheHostsOwnAddressIsInvalidAndHoldsNothing() {
        HostSubnets host = new HostSubnets(List.of(use("10.20.0.0/24", "route 10.20.0.0/24 dev eth0")), List.of(),
                List.of(use("10.20.0.5/24", "address 10.20.0.5/24 on eth0")), List.of());

        assertFails(ErrorKind.INVALID, () -> ipam.allocatePool(NetworkId.random(), PoolRequest.subnet(cidr("10.20.0.0/16")),
                false, true, host)).withMessage("subnet 10.20.0.0/16 contains the host's own address 10.20.0.5/24 on eth0;"
                + " a network there would take that address away from the host: choose a subnet the host does not use");

        assertThat(ipam.allocatePool(NetworkId.random(), PoolRequest.subnet(cidr("10.20.0.0/16")), false, true).subnet())
                .isEqualTo(cidr("10.20.0.0/16"));
    }

    @Test
    void aRequestedSubnetOverlappingARouteIsTakenAndTheHostExplainsTheWarning() {
        HostSubnets host = new HostSubnets(List.of(use("172.17.0.0/16", "route 172.17.0.0/16 dev docker0")),
                List.of(use("10.0.0.0/8", "route 10.0.0.0/8 via 10.8.0.1 dev tun0")), List.of(),
                List.of(use("10.1.0.53/32", "nameserver 10.1.0.53 (/etc/resolv.conf)")));

        IpamPool pool = ipam.allocatePool(NetworkId.random(), PoolRequest.subnet(cidr("172.17.5.0/24")), false, true, host);

        assertThat(pool.subnet()).isEqualTo(cidr("172.17.5.0/24"));
        assertThat(host.warningFor(pool.subnet())).contains("subnet 172.17.5.0/24 overlaps the host's route 172.17.0.0/16"
                + " dev docker0; the host now has two ways to those addresses and may send their traffic the wrong way");
        assertThat(host.warningFor(cidr("10.1.0.0/16")).orElseThrow())
                .contains("route 10.0.0.0/8 via 10.8.0.1 dev tun0, nameserver 10.1.0.53 (/etc/resolv.conf)");
        assertThat(host.warningFor(cidr("192.168.7.0/24"))).isEmpty();
    }
}
