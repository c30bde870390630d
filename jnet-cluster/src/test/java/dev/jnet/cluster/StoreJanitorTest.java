package dev.jnet.cluster;

import dev.jnet.cluster.testing.EtcdResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Collecting leaked claims and publishing lost records, against a real ETCD.server(). */
class StoreJanitorTest {
    private static final String NET = "a".repeat(64);
    private static final String GONE = "b".repeat(64);
    @RegisterExtension
    static final EtcdResource ETCD = new EtcdResource(23710);



    private static EndpointRecord endpoint(String network, String id, String host, String address) {
        return new EndpointRecord(network, id, host, address, "02:42:0a:00:00:02", List.of(id));
    }

    @Test
    void keysHeldForNothingAreFreedInTheSecondRoundAndLiveOnesStay() {
        EndpointRecord mine = endpoint(NET, "e1", "me", "10.90.0.2");
        EndpointRecord theirs = endpoint(NET, "e2", "other", "10.90.0.3");
        EndpointRecord mineLeaked = endpoint(NET, "e9", "me", "10.90.0.8");
        EndpointRecord ofGone = endpoint(GONE, "e5", "other", "10.92.0.2");
        String theirReservation = Keys.ip(NET, address("10.90.0.5"));
        List<String> live = List.of(Keys.network(NET), Keys.name("web"), Keys.vni(4096), mine.key(), theirs.key(),
                theirReservation);
        ETCD.store().claim(Keys.network(NET), "{}");
        ETCD.store().claim(Keys.name("web"), NET);
        ETCD.store().claim(Keys.vni(4096), NET);
        ETCD.store().claim(mine.key(), mine.toJson());
        ETCD.store().claim(theirs.key(), theirs.toJson());
        ETCD.store().claim(theirReservation, "other/1");
        String oldRecord = Keys.OLD_ENDPOINTS + NET + "/e1";
        List<String> leaked = List.of(Keys.name("old"), Keys.vni(4097), Keys.subnet(dev.jnet.net.Cidr.parse("10.91.0.0/24")),
                Keys.ip(NET, address("10.90.0.9")), mineLeaked.key(), ofGone.key(), oldRecord);
        ETCD.store().claim(Keys.name("old"), GONE);
        ETCD.store().claim(Keys.vni(4097), GONE);
        ETCD.store().claim(Keys.subnet(dev.jnet.net.Cidr.parse("10.91.0.0/24")), GONE);
        ETCD.store().claim(Keys.ip(NET, address("10.90.0.9")), "me/2");
        ETCD.store().claim(mineLeaked.key(), mineLeaked.toJson());
        ETCD.store().claim(ofGone.key(), ofGone.toJson());
        ETCD.store().claim(oldRecord, mine.toJson());
        StoreJanitor janitor = new StoreJanitor(ETCD.store(), new GlobalIpam(ETCD.store()), "me");

        assertThat(janitor.round(List.of(mine)).released()).as("first round: only suspected").isEmpty();
        ETCD.store().release(Keys.vni(4097), GONE);
        ETCD.store().claim(Keys.vni(4097), NET); // taken again between the rounds: no longer a leak
        StoreJanitor.Round second = janitor.round(List.of(mine));

        assertThat(second.released()).containsExactlyInAnyOrderElementsOf(leaked.stream()
                .filter(k -> !k.equals(Keys.vni(4097))).toList());
        assertThat(live).allSatisfy(k -> assertThat(ETCD.store().get(k)).as(k).isPresent());
        assertThat(ETCD.store().get(Keys.vni(4097))).contains(NET);
        assertThat(janitor.round(List.of(mine)).released()).as("nothing left").isEmpty();
        live.forEach(k -> ETCD.store().release(k, ETCD.store().get(k).orElseThrow()));
        ETCD.store().release(Keys.vni(4097), NET);
    }

    @Test
    void aLeakedVxlanIdIsFreedAndRestsAsARemovedNetworksDoes() {
        ETCD.store().claim(Keys.vni(4300), GONE);
        StoreJanitor janitor = new StoreJanitor(ETCD.store(), new GlobalIpam(ETCD.store()), "me");
        janitor.round(List.of());

        assertThat(janitor.round(List.of()).released()).contains(Keys.vni(4300));
        assertThat(ETCD.store().get(Keys.vni(4300))).isEmpty();
        assertThat(ETCD.store().get(Keys.freedVni(4300))).as("resting").contains(GONE);
        ETCD.store().release(Keys.freedVni(4300), GONE);
    }

    @Test
    void aLocalEndpointsLostAddressIsClaimedAgainWithItsRecordInTheSecondRound() {
        EndpointRecord mine = endpoint(NET, "e3", "me", "10.90.0.4");
        ETCD.store().claim(Keys.network(NET), "{}");
        GlobalIpam global = new GlobalIpam(ETCD.store());
        StoreJanitor janitor = new StoreJanitor(ETCD.store(), global, "me");

        assertThat(janitor.round(List.of(mine)).republished()).isEmpty();
        assertThat(janitor.round(List.of(mine)).republished()).containsExactly(Keys.ip(NET, address("10.90.0.4")));

        assertThat(ETCD.store().get(Keys.ip(NET, address("10.90.0.4")))).contains(mine.toJson());
        assertThat(global.heldHere(mine.key())).as("held here, as if claimed at the connect").contains(mine.toJson());
        assertThat(janitor.round(List.of(mine))).isEqualTo(new StoreJanitor.Round(List.of(), List.of()));
        ETCD.store().release(mine.key(), mine.toJson());
        ETCD.store().release(Keys.network(NET), "{}");
    }

    @Test
    void anOwnAddressWithoutItsEndpointsRecordGetsItAndAnotherHostsIsLeftAlone() {
        EndpointRecord mine = endpoint(NET, "e4", "me", "10.90.0.6");
        EndpointRecord clash = endpoint(NET, "e6", "me", "10.90.0.7");
        ETCD.store().claim(Keys.network(NET), "{}");
        ETCD.store().claim(mine.key(), "me/reserved-by-an-older-jnet");
        ETCD.store().claim(clash.key(), "other/1");
        StoreJanitor janitor = new StoreJanitor(ETCD.store(), new GlobalIpam(ETCD.store()), "me");

        assertThat(janitor.round(List.of(mine, clash)).republished()).containsExactly(mine.key());
        assertThat(ETCD.store().get(mine.key())).contains(mine.toJson());
        assertThat(ETCD.store().get(clash.key())).contains("other/1");
        ETCD.store().release(mine.key(), mine.toJson());
        ETCD.store().release(clash.key(), "other/1");
        ETCD.store().release(Keys.network(NET), "{}");
    }

    @Test
    void whatThisHostStillRunsIsKeptWhenTheStoreLostItsNetworkRecord() {
        String lostNetwork = "c".repeat(64);
        EndpointRecord mine = endpoint(lostNetwork, "e7", "me", "10.96.0.2");
        ETCD.store().claim(Keys.vni(4200), lostNetwork);
        ETCD.store().claim(mine.key(), mine.toJson());
        StoreJanitor janitor = new StoreJanitor(ETCD.store(), new GlobalIpam(ETCD.store()), "me");

        janitor.round(List.of(mine), java.util.Set.of(lostNetwork));
        assertThat(janitor.round(List.of(mine), java.util.Set.of(lostNetwork)).released()).isEmpty();
        assertThat(ETCD.store().get(Keys.vni(4200))).as("its VXLAN id stays taken").contains(lostNetwork);
        assertThat(ETCD.store().get(mine.key())).contains(mine.toJson());
        ETCD.store().release(Keys.vni(4200), lostNetwork);
        ETCD.store().release(mine.key(), mine.toJson());
    }

    private static java.net.InetAddress address(String text) {
        return dev.jnet.net.Cidr.parseAddress(text);
    }
}
