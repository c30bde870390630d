package dev.jnet.cluster;

import dev.jnet.cluster.etcd.EtcdStore;
import dev.jnet.cluster.testing.EtcdResource;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.Eventually;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The global IPAM against a real etcd, with several clients allocating at once as several hosts would. */
class GlobalIpamTest {
    @RegisterExtension
    static final EtcdResource ETCD = new EtcdResource(23760);

    @Test
    void subnetsChosenAtOnceOnSeveralHostsNeverOverlap() throws Exception {
        List<EtcdStore> hosts = List.of(ETCD.connect(), ETCD.connect(), ETCD.connect());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Cidr>> chosen = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                GlobalIpam ipam = new GlobalIpam(hosts.get(i % 3));
                String network = "net" + i;
                chosen.add(pool.submit(() -> ipam.allocateSubnet(network, Optional.empty(), c -> false)));
            }
            List<Cidr> subnets = new ArrayList<>();
            for (Future<Cidr> f : chosen) {
                subnets.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(subnets).doesNotHaveDuplicates().allMatch(c -> c.prefixLength() == 24 && GlobalIpam.DEFAULT_POOL.contains(c.address()));
        } finally {
            pool.shutdownNow();
            hosts.forEach(EtcdStore::close);
        }
        GlobalIpam ipam = new GlobalIpam(ETCD.store());
        assertThat(ipam.allocateSubnet("wide", Optional.of(Cidr.parse("10.90.0.0/16")), c -> false)).isEqualTo(Cidr.parse("10.90.0.0/16"));
        assertThatThrownBy(() -> ipam.allocateSubnet("inside", Optional.of(Cidr.parse("10.90.7.0/24")), c -> false))
                .isInstanceOf(JnetException.class).hasMessageContaining("10.90.0.0/16").hasMessageContaining("wide")
                .extracting(e -> ((JnetException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(ipam.allocateSubnet("wide", Optional.of(Cidr.parse("10.90.0.0/16")), c -> false)).as("asked again").isEqualTo(Cidr.parse("10.90.0.0/16"));
        ipam.releaseSubnet("wide", Cidr.parse("10.90.0.0/16"));
        assertThat(ipam.allocateSubnet("inside", Optional.of(Cidr.parse("10.90.7.0/24")), c -> false)).isEqualTo(Cidr.parse("10.90.7.0/24"));
        Cidr avoided = ipam.allocateSubnet("avoiding", Optional.empty(), c -> c.address().getHostAddress().startsWith("10.0."));
        assertThat(avoided.address().getHostAddress()).doesNotStartWith("10.0.");
    }

    @Test
    void vxlanIdsStartAt4096AndARequestedOneInUseIsRefusedAndAFreedOneRestsBeforeReuse() throws InterruptedException {
        GlobalIpam ipam = new GlobalIpam(ETCD.store(), Duration.ofSeconds(2));
        assertThat(ipam.allocateVni("v1", OptionalInt.empty())).isEqualTo(4096);
        assertThat(ipam.allocateVni("v2", OptionalInt.empty())).isEqualTo(4097);
        assertThat(ipam.allocateVni("v3", OptionalInt.of(5000))).isEqualTo(5000);
        assertThatThrownBy(() -> ipam.allocateVni("v4", OptionalInt.of(4097))).hasMessageContaining("in use by global network v2");
        ipam.releaseVni("v1", 4096);
        assertThat(ipam.allocateVni("v4", OptionalInt.empty())).as("4096 rests").isEqualTo(4098);
        Eventually.await(() -> ETCD.store().list(Keys.FREED_VNIS).entries().isEmpty(), "4096's rest over");
        assertThat(ipam.allocateVni("v5", OptionalInt.empty())).as("rested").isEqualTo(4096);
        ipam.releaseVni("v5", 4096);
        assertThat(ipam.allocateVni("v6", OptionalInt.of(4096))).as("asked for by number").isEqualTo(4096);
    }

    @Test
    void whatANetworkTheClusterStillRecordsWasGivenStaysGivenWhenAHostGivesItBack() {
        GlobalIpam creator = new GlobalIpam(ETCD.store());
        GlobalIpam adopter = new GlobalIpam(ETCD.store());
        int vni = creator.allocateVni("kept", OptionalInt.empty());
        Cidr subnet = creator.allocateSubnet("kept", Optional.of(Cidr.parse("10.93.0.0/24")), c -> false);
        ETCD.store().claim(Keys.network("kept"), "{}");

        // A host whose adoption failed (its kernel refused the network) undoes what it did, the network lives on.
        adopter.discardVni("kept", vni);
        adopter.releaseVni("kept", vni);
        adopter.releaseSubnet("kept", subnet);
        assertThat(ETCD.store().get(Keys.vni(vni))).contains("kept");
        assertThat(ETCD.store().get(Keys.subnet(subnet.network()))).contains("kept");
        assertThat(ETCD.store().get(Keys.freedVni(vni))).isEmpty();

        ETCD.store().release(Keys.network("kept"), "{}"); // removed: the record goes first
        creator.releaseVni("kept", vni);
        creator.releaseSubnet("kept", subnet);
        assertThat(ETCD.store().get(Keys.vni(vni))).isEmpty();
        assertThat(ETCD.store().get(Keys.subnet(subnet.network()))).isEmpty();
        assertThat(ETCD.store().get(Keys.freedVni(vni))).contains("kept");
        ETCD.store().release(Keys.freedVni(vni), "kept");
        adopter.releaseVni("kept", vni);
        assertThat(ETCD.store().get(Keys.freedVni(vni))).as("another host's drop after the removal rests nothing again")
                .isEmpty();
    }

    @Test
    void addressesAllocatedAtOnceOnSeveralHostsAreNeverHandedOutTwice() throws Exception {
        Cidr subnet = Cidr.parse("10.77.0.0/24");
        List<EtcdStore> hosts = List.of(ETCD.connect(), ETCD.connect(), ETCD.connect());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<InetAddress>>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                GlobalIpam ipam = new GlobalIpam(hosts.get(t % 3));
                String host = "host" + t;
                results.add(pool.submit(() -> {
                    List<InetAddress> mine = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        mine.add(ipam.allocateAddress("addrs", subnet, Optional.empty(), host + "/ep" + i));
                    }
                    return mine;
                }));
            }
            List<InetAddress> all = new ArrayList<>();
            for (Future<List<InetAddress>> f : results) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(48).doesNotHaveDuplicates().allMatch(subnet::contains)
                    .noneMatch(a -> a.getHostAddress().equals("10.77.0.0") || a.getHostAddress().equals("10.77.0.1"));
        } finally {
            pool.shutdownNow();
            hosts.forEach(EtcdStore::close);
        }
        GlobalIpam ipam = new GlobalIpam(ETCD.store());
        InetAddress wanted = InetAddress.getByName("10.77.0.200");
        assertThat(ipam.allocateAddress("addrs", subnet, Optional.of(wanted), "a/x")).isEqualTo(wanted);
        assertThatThrownBy(() -> ipam.allocateAddress("addrs", subnet, Optional.of(wanted), "b/y")).hasMessageContaining("a/x");
        assertThatThrownBy(() -> ipam.allocateAddress("addrs", subnet, Optional.of(InetAddress.getByName("10.77.0.1")), "b/y"))
                .hasMessageContaining("not an endpoint address");
        ipam.releaseAddress("addrs", wanted, "a/x");
        assertThat(ipam.allocateAddress("addrs", subnet, Optional.of(wanted), "b/y")).isEqualTo(wanted);
    }
}
