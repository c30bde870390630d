package dev.jnet.cluster.etcd;

import dev.jnet.cluster.Claim;
import dev.jnet.cluster.Listing;
import dev.jnet.cluster.Registration;
import dev.jnet.cluster.testing.EtcdResource;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store against a real etcd, in the test JVM's own network namespace. */
class EtcdStoreTest {
    @RegisterExtension
    static final EtcdResource ETCD = new EtcdResource(23790, Duration.ofSeconds(3));




    @Test
    void aKeyHasOneHolderUntilItIsReleased() {
        assertThat(ETCD.store().claim("/t/claim/name", "a")).isEqualTo(new Claim.Won());
        assertThat(ETCD.store().claim("/t/claim/name", "b")).isEqualTo(new Claim.Held("a"));
        assertThat(ETCD.store().claim("/t/claim/name", "a")).as("the holder claiming again").isEqualTo(new Claim.Won());
        ETCD.store().release("/t/claim/name", "b");
        assertThat(ETCD.store().get("/t/claim/name")).as("released by one that does not hold it").contains("a");
        ETCD.store().release("/t/claim/name", "a");
        assertThat(ETCD.store().get("/t/claim/name")).isEmpty();
        assertThat(ETCD.store().claim("/t/claim/name", "b")).isEqualTo(new Claim.Won());
    }

    @Test
    void concurrentAllocatorsOnSeveralClientsNeverHandOutAnAddressTwice() throws Exception {
        List<EtcdStore> clients = List.of(ETCD.connect(), ETCD.connect(), ETCD.connect());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                EtcdStore client = clients.get(t % clients.size());
                String holder = "host" + t;
                results.add(pool.submit(() -> allocate(client, holder, 10)));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> r : results) {
                all.addAll(r.get(60, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(60).doesNotHaveDuplicates();
            assertThat(ETCD.store().list("/t/ips/").entries()).hasSize(60);
        } finally {
            pool.shutdownNow();
            clients.forEach(EtcdStore::close);
        }
    }

    /** Takes {@code count} addresses, each the lowest one free, as an IPAM on each host would. */
    private static List<Integer> allocate(EtcdStore client, String holder, int count) {
        List<Integer> mine = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int candidate = 2;
            while (!client.claim("/t/ips/10.0.0." + candidate, holder + "-" + i).won()) {
                candidate++;
            }
            mine.add(candidate);
        }
        return mine;
    }

    @Test
    void aWatchGetsTheWholeListingThenEachChange() throws Exception {
        LinkedBlockingQueue<Listing> seen = new LinkedBlockingQueue<>();
        ETCD.store().claim("/t/watch/a", "1");
        try (AutoCloseable w = ETCD.store().watch("/t/watch/", seen::add)) {
            assertThat(seen.poll(5, TimeUnit.SECONDS).entries()).isEqualTo(Map.of("/t/watch/a", "1"));
            ETCD.store().claim("/t/watch/b", "2");
            assertThat(seen.poll(5, TimeUnit.SECONDS).entries()).isEqualTo(Map.of("/t/watch/a", "1", "/t/watch/b", "2"));
            ETCD.store().release("/t/watch/a", "1");
            assertThat(seen.poll(5, TimeUnit.SECONDS).entries()).isEqualTo(Map.of("/t/watch/b", "2"));
            ETCD.store().claim("/t/other", "x");
            assertThat(seen.poll(1, TimeUnit.SECONDS)).as("a key outside the prefix").isNull();
        }
    }

    @Test
    void aRegisteredKeyLivesWhileRenewedAndVanishesWithinItsLeaseWhenItsHolderDies() throws Exception {
        LinkedBlockingQueue<Listing> seen = new LinkedBlockingQueue<>();
        try (AutoCloseable w = ETCD.store().watch("/t/hosts/", seen::add)) {
            assertThat(seen.poll(5, TimeUnit.SECONDS).entries()).isEmpty();
            EtcdStore dying = ETCD.connect();
            Registration r = dying.register("/t/hosts/b", "{\"address\":\"192.168.77.2\"}", Duration.ofSeconds(2), v -> false);
            assertThat(seen.poll(5, TimeUnit.SECONDS).entries()).containsOnlyKeys("/t/hosts/b");
            Thread.sleep(4000);
            assertThat(ETCD.store().get("/t/hosts/b")).as("renewed past its time to live").isPresent();
            assertThat(r.isLive()).isTrue();
            long died = System.nanoTime();
            dying.close(); // as a SIGKILL: no revoke
            assertThat(seen.poll(6, TimeUnit.SECONDS)).as("gone within the lease").isNotNull()
                    .extracting(Listing::entries).isEqualTo(Map.of());
            assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aKeyRegisteredByAnotherProcessIsNotTakenUnlessAllowed() {
        try (Registration first = ETCD.store().register("/t/hosts/c", "incarnation-1", Duration.ofSeconds(10), v -> false)) {
            Predicate<String> never = v -> false;
            assertThatThrownBy(() -> ETCD.store().register("/t/hosts/c", "incarnation-2", Duration.ofSeconds(10), never))
                    .isInstanceOf(JnetException.class).hasMessageContaining("incarnation-1")
                    .extracting(e -> ((JnetException) e).kind()).isEqualTo(ErrorKind.CONFLICT);
            Registration second = ETCD.store().register("/t/hosts/c", "incarnation-2", Duration.ofSeconds(10), "incarnation-1"::equals);
            assertThat(ETCD.store().get("/t/hosts/c")).contains("incarnation-2");
            second.revoke();
            assertThat(ETCD.store().get("/t/hosts/c")).as("revoked").isEmpty();
        }
    }

    @Test
    void whileEtcdIsDownCallsFailInTimeAndEverythingResumesAfter() throws Exception {
        ConcurrentLinkedQueue<Listing> seen = new ConcurrentLinkedQueue<>();
        try (Registration host = ETCD.store().register("/t/outage/host", "a", Duration.ofSeconds(2), v -> false);
             AutoCloseable w = ETCD.store().watch("/t/outage/", seen::add)) {
            ETCD.server().stop();
            long start = System.nanoTime();
            assertThatThrownBy(() -> ETCD.store().claim("/t/outage/x", "a")).isInstanceOf(JnetException.class)
                    .hasMessageContaining("cluster store unreachable").hasMessageContaining("unknown")
                    .extracting(e -> ((JnetException) e).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThatThrownBy(() -> ETCD.store().list("/t/outage/")).hasMessageContaining("cluster store unreachable");
            Thread.sleep(3000); // longer than the lease
            ETCD.server().restart();
            assertThat(ETCD.store().claim("/t/outage/x", "a").won()).isTrue();
            awaitTrue(() -> host.isLive() && ETCD.store().get("/t/outage/host").isPresent(), "the host registered again");
            awaitTrue(() -> !seen.isEmpty() && seen.stream().reduce((x, y) -> y).orElseThrow().entries()
                    .equals(Map.of("/t/outage/host", "a", "/t/outage/x", "a")), "the watch back with both keys");
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (JnetException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within 20 s: " + what + "; etcd: " + ETCD.server().log().lines().reduce((a, b) -> b).orElse(""));
    }
}
