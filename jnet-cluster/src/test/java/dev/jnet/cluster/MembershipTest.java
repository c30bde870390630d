package dev.jnet.cluster;

import dev.jnet.cluster.etcd.EtcdStore;
import dev.jnet.cluster.testing.EtcdServer;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static dev.jnet.kernel.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Hosts joining, seeing each other and leaving, against a real etcd in the test JVM's own namespace. */
class MembershipTest {
    private static EtcdServer etcd;

    @BeforeAll
    static void startEtcd() {
        assumeThat(EtcdServer.missing()).as("etcd").isEmpty();
        etcd = EtcdServer.start(List.of(), "127.0.0.1", 23780);
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    private static ClusterConfig config(URI etcdUrl, String address) throws Exception {
        return new ClusterConfig(StoreConfig.of(List.of(etcdUrl)).withTimeout(Duration.ofSeconds(2)),
                InetAddress.getByName(address), Duration.ofSeconds(2));
    }

    @Test
    void hostsSeeEachOtherAndOneThatLeavesIsGoneAtOnce() throws Exception {
        try (EtcdStore storeA = EtcdStore.connect(config(etcd.clientUrl(), "192.168.77.1").store());
             EtcdStore storeB = EtcdStore.connect(config(etcd.clientUrl(), "192.168.77.2").store());
             Membership a = Membership.join(storeA, config(etcd.clientUrl(), "192.168.77.1"), "host-a")) {
            Membership b = Membership.join(storeB, config(etcd.clientUrl(), "192.168.77.2"), "host-b");
            await(() -> ids(a).equals(List.of("host-a", "host-b")) && ids(b).equals(List.of("host-a", "host-b")), "both see both");
            assertThat(a.status().registered()).isTrue();
            assertThat(a.hosts()).filteredOn(h -> h.id().equals("host-b")).singleElement()
                    .extracting(HostRecord::address).isEqualTo("192.168.77.2");
            b.leave();
            await(() -> ids(a).equals(List.of("host-a")), "host-b gone after it left");
        }
    }

    @Test
    void aRestartedHostTakesOverItsRecordButAnotherWithTheSameIdIsRefused() throws Exception {
        try (EtcdStore store = EtcdStore.connect(config(etcd.clientUrl(), "192.168.77.3").store())) {
            Membership first = Membership.join(store, config(etcd.clientUrl(), "192.168.77.3"), "host-c");
            first.close(); // a stop: the record stays until its lease runs out
            assertThat(store.get(Keys.host("host-c"))).isPresent();
            try (Membership restarted = Membership.join(store, config(etcd.clientUrl(), "192.168.77.3"), "host-c")) {
                assertThat(HostRecord.fromJson("k", store.get(Keys.host("host-c")).orElseThrow()).incarnation())
                        .isEqualTo(restarted.self().incarnation());
                assertThatThrownBy(() -> Membership.join(store, config(etcd.clientUrl(), "192.168.77.9"), "host-c"))
                        .isInstanceOf(JnetException.class).hasMessageContaining("192.168.77.3").hasMessageContaining("host-id")
                        .extracting(e -> ((JnetException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
                Thread.sleep(3000);
                assertThat(restarted.status().registered()).as("the refused one did not disturb it").isTrue();
            }
        }
    }

    @Test
    void aHostStartedWhileEtcdIsAwayJoinsWhenItComes() throws Exception {
        URI later = URI.create("http://127.0.0.1:23770");
        try (EtcdStore store = EtcdStore.connect(config(later, "192.168.77.4").store());
             Membership m = Membership.join(store, config(later, "192.168.77.4"), "host-d")) {
            assertThat(m.status().registered()).isFalse();
            assertThat(m.status().problem()).contains("cluster store unreachable");
            try (EtcdServer late = EtcdServer.start(List.of(), "127.0.0.1", 23770)) {
                await(() -> m.status().registered() && ids(m).equals(List.of("host-d")), "joined once etcd is there");
                assertThat(m.status().problem()).isEmpty();
            }
        }
    }

    private static List<String> ids(Membership m) {
        return m.hosts().stream().map(HostRecord::id).toList();
    }
}
