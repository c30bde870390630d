package dev.jnet.cluster;

import dev.jnet.cluster.testing.EtcdResource;
import dev.jnet.core.ipam.AddressOwner;
import dev.jnet.core.ipam.HostSubnets;
import dev.jnet.core.model.EndpointId;
import dev.jnet.core.model.IpamPool;
import dev.jnet.core.model.NetworkId;
import dev.jnet.core.model.PoolRequest;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The controller's IPAM of global networks on two hosts sharing one real ETCD.server(). */
class ClusterIpamTest {
    @RegisterExtension
    static final EtcdResource ETCD = new EtcdResource(23730);



    private static PoolRequest subnet(String cidr) {
        return new PoolRequest(Optional.of(Cidr.parse(cidr)), Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void twoHostsOfOneNetworkGetItsOnePoolAndDifferentAddresses() throws Exception {
        ClusterIpam a = new ClusterIpam(new GlobalIpam(ETCD.store()), "host-a");
        ClusterIpam b = new ClusterIpam(new GlobalIpam(ETCD.store()), "host-b");
        NetworkId network = NetworkId.random();
        IpamPool onA = a.allocatePool(network, subnet("10.90.0.0/24"), false, true, HostSubnets.NONE);
        IpamPool onB = b.allocatePool(network, subnet("10.90.0.0/24"), false, true, HostSubnets.NONE);
        assertThat(onB.subnet()).isEqualTo(onA.subnet()).isEqualTo(Cidr.parse("10.90.0.0/24"));
        assertThat(onA.gateway()).contains(InetAddress.getByName("10.90.0.1"));
        assertThat(onB.gateway()).isEqualTo(onA.gateway());

        Cidr first = a.allocateAddress(network, onA, Optional.empty());
        Cidr second = b.allocateAddress(network, onB, Optional.empty());
        assertThat(first).isEqualTo(Cidr.parse("10.90.0.2/24"));
        assertThat(second).isEqualTo(Cidr.parse("10.90.0.3/24"));
        assertThatThrownBy(() -> a.allocateAddress(network, onA, Optional.of(second.address()))).hasMessageContaining("host-b/");
        b.releaseAddress(network, onB, first.address());
        assertThat(ETCD.store().get(Keys.ip(network.value(), first.address()))).as("not b's to free").isPresent();
        a.releaseAddress(network, onA, first.address());
        assertThat(ETCD.store().get(Keys.ip(network.value(), first.address()))).isEmpty();

        assertThatThrownBy(() -> a.allocatePool(NetworkId.random(), subnet("10.90.0.0/25"), false, true, HostSubnets.NONE))
                .hasMessageContaining("overlaps 10.90.0.0/24");
        a.releasePool(network, onA.subnet());
        assertThat(ETCD.store().get(Keys.subnet(onA.subnet()))).isEmpty();
    }

    @Test
    void anEndpointsAddressHoldsItsRecordAndOnlyItsHostFreesIt() throws Exception {
        ClusterIpam a = new ClusterIpam(new GlobalIpam(ETCD.store()), "host-a");
        ClusterIpam b = new ClusterIpam(new GlobalIpam(ETCD.store()), "host-b");
        NetworkId network = NetworkId.random();
        IpamPool pool = a.allocatePool(network, subnet("10.93.0.0/24"), false, true, HostSubnets.NONE);
        EndpointId id = EndpointId.random();
        AddressOwner owner = new AddressOwner(id, List.of("web", "www"), Optional.empty());

        Cidr address = a.allocateAddress(network, pool, Optional.empty(), owner);
        String key = Keys.ip(network.value(), address.address());
        EndpointRecord record = EndpointRecord.fromJson(key, ETCD.store().get(key).orElseThrow());
        assertThat(record).isEqualTo(new EndpointRecord(network.value(), id.value(), "host-a", "10.93.0.2",
                "02:42:0a:5d:00:02", List.of("web", "www")));
        assertThat(record.key()).isEqualTo(key);
        assertThatThrownBy(() -> b.allocateAddress(network, pool, Optional.of(address.address()),
                new AddressOwner(EndpointId.random(), List.of("other"), Optional.empty())))
                .hasMessageContaining("in use (by endpoint " + id.value().substring(0, 12) + " of host host-a)");

        b.releaseAddress(network, pool, address.address());
        assertThat(ETCD.store().get(key)).as("not b's to free").isPresent();
        new ClusterIpam(new GlobalIpam(ETCD.store()), "host-a").releaseAddress(network, pool, address.address());
        assertThat(ETCD.store().get(key)).as("a's, also after a restart (read from the record)").isEmpty();
        a.releasePool(network, pool.subnet());
    }

    @Test
    void anEndpointTakesOverTheReservationOfItsAddressMadeByItsOwnProcessInOneStep() {
        ClusterIpam a = new ClusterIpam(new GlobalIpam(ETCD.store()), "host-a");
        ClusterIpam b = new ClusterIpam(new GlobalIpam(ETCD.store()), "host-b");
        NetworkId network = NetworkId.random();
        IpamPool pool = a.allocatePool(network, subnet("10.94.0.0/24"), false, true, HostSubnets.NONE);
        Cidr reserved = a.allocateAddress(network, pool, Optional.empty()); // a Docker plugin's RequestAddress
        String key = Keys.ip(network.value(), reserved.address());
        assertThat(ETCD.store().get(key).orElseThrow()).startsWith("host-a/");

        AddressOwner owner = new AddressOwner(EndpointId.random(), List.of("web"), Optional.empty());
        assertThatThrownBy(() -> a.allocateAddress(network, pool, Optional.of(reserved.address()), owner))
                .as("not handed over: still its reservation's").hasMessageContaining("in use (by host-a/");
        a.handOverAddress(network, pool, reserved.address()); // the join of the endpoint it was held for
        assertThatThrownBy(() -> b.allocateAddress(network, pool, Optional.of(reserved.address()), owner))
                .as("another host's reservation is not its to take").hasMessageContaining("in use (by host-a/");
        assertThat(ETCD.store().get(key).orElseThrow()).as("held all along").startsWith("host-a/");
        assertThat(a.allocateAddress(network, pool, Optional.of(reserved.address()), owner)).isEqualTo(reserved);
        assertThat(EndpointRecord.fromJson(key, ETCD.store().get(key).orElseThrow()).endpoint())
                .isEqualTo(owner.endpoint().value());

        a.releaseAddress(network, pool, reserved.address());
        assertThat(ETCD.store().get(key)).isEmpty();
        a.releasePool(network, pool.subnet());
    }

    @Test
    void aReservationHandedOverToAConnectThatFailedEndsAndOneTakenOverStays() {
        ClusterIpam a = new ClusterIpam(new GlobalIpam(ETCD.store()), "host-a");
        NetworkId network = NetworkId.random();
        IpamPool pool = a.allocatePool(network, subnet("10.95.0.0/24"), false, true, HostSubnets.NONE);
        Cidr reserved = a.allocateAddress(network, pool, Optional.empty());
        String key = Keys.ip(network.value(), reserved.address());
        a.handOverAddress(network, pool, reserved.address());

        a.handOverFailed(network, pool, reserved.address()); // the join failed before its claim
        assertThat(ETCD.store().get(key)).as("no one is left to release it: ended").isEmpty();

        Cidr again = a.allocateAddress(network, pool, Optional.of(reserved.address()));
        a.handOverAddress(network, pool, again.address());
        AddressOwner owner = new AddressOwner(EndpointId.random(), List.of("web"), Optional.empty());
        a.allocateAddress(network, pool, Optional.of(again.address()), owner);
        a.handOverFailed(network, pool, again.address()); // a later step of that connect failed
        assertThat(EndpointRecord.fromJson(key, ETCD.store().get(key).orElseThrow()).endpoint())
                .as("taken over: the endpoint's, for the connect's own undo to free").isEqualTo(owner.endpoint().value());
        a.releaseAddress(network, pool, again.address());
        a.releasePool(network, pool.subnet());
    }

    @Test
    void onlyTheFirstAddressMayBeTheGatewayAndIpv6IsNotYetGlobal() {
        ClusterIpam a = new ClusterIpam(new GlobalIpam(ETCD.store()), "host-a");
        NetworkId network = NetworkId.random();
        PoolRequest otherGateway = new PoolRequest(Optional.of(Cidr.parse("10.91.0.0/24")), Optional.empty(),
                Optional.of(Cidr.parseAddress("10.91.0.254")), Map.of());
        assertThatThrownBy(() -> a.allocatePool(network, otherGateway, false, true, HostSubnets.NONE))
                .hasMessageContaining("first address (10.91.0.1)");
        assertThat(ETCD.store().get(Keys.subnet(Cidr.parse("10.91.0.0/24")))).as("nothing held after the refusal").isEmpty();
        assertThatThrownBy(() -> a.allocatePool(network, PoolRequest.ANY, true, true, HostSubnets.NONE)).hasMessageContaining("IPv4 only");
    }
}
