package dev.jnet.kernel.watch;

import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Changes made in a throwaway namespace by {@code ip} and {@code nft} (and by this JVM) reach the watch. */
@ExtendWith(NetnsExtension.class)
class KernelWatchTest {
    /** Reads events until one matches (or 5 s pass) and returns all read so far. */
    private static List<KernelEvent> until(KernelWatch watch, Predicate<KernelEvent> wanted) {
        List<KernelEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<KernelEvent> events = watch.await(Duration.ofMillis(200));
            seen.addAll(events);
            if (events.stream().anyMatch(wanted)) {
                return seen;
            }
        }
        throw new AssertionError("no matching event within 5 s; saw " + seen);
    }

    @Test
    void aDeletedLinkIsReportedWithItsNameAliasAndMaster(ThrowawayNs ns) {
        ns.exec("ip", "link", "add", "br9", "type", "bridge").orFail(List.of("ip link add br9"));
        try (KernelWatch watch = KernelWatch.open(TestKernel.executor(), ns.ns())) {
            ns.exec("ip", "link", "add", "vh9", "type", "veth", "peer", "name", "vp9").orFail(List.of("ip link add vh9"));
            ns.exec("ip", "link", "set", "vh9", "alias", "jnet:endpoint:test", "master", "br9").orFail(List.of("ip link set"));
            until(watch, e -> e instanceof KernelEvent.LinkChanged c && !c.deleted() && c.link().name().value().equals("vh9")
                    && c.link().alias().equals("jnet:endpoint:test") && c.link().masterIndex() != 0);

            ns.exec("ip", "link", "del", "vh9").orFail(List.of("ip link del vh9"));
            List<KernelEvent> seen = until(watch, e -> e instanceof KernelEvent.LinkChanged c && c.deleted()
                    && c.link().name().value().equals("vh9"));
            KernelEvent.LinkChanged deleted = seen.stream().filter(e -> e instanceof KernelEvent.LinkChanged c && c.deleted()
                    && c.link().name().value().equals("vh9")).map(KernelEvent.LinkChanged.class::cast).findFirst().orElseThrow();
            assertThat(deleted.link().alias()).isEqualTo("jnet:endpoint:test");
            assertThat(seen).as("the peer goes too").anyMatch(e -> e instanceof KernelEvent.LinkChanged c && c.deleted()
                    && c.link().name().value().equals("vp9"));
        }
    }

    @Test
    void addedAndDeletedAddressesAreReported(ThrowawayNs ns) {
        ns.exec("ip", "link", "add", "br9", "type", "bridge").orFail(List.of("ip link add br9"));
        int index = ns.ipLink("br9").path("ifindex").asInt();
        try (KernelWatch watch = KernelWatch.open(TestKernel.executor(), ns.ns())) {
            ns.exec("ip", "addr", "add", "10.9.0.1/24", "dev", "br9").orFail(List.of("ip addr add"));
            ns.exec("ip", "addr", "add", "fd00:9::1/64", "dev", "br9", "nodad").orFail(List.of("ip addr add"));
            until(watch, e -> e instanceof KernelEvent.AddressChanged a && !a.deleted() && a.address().index() == index
                    && a.address().cidr().toString().equals("fd00:9::1/64"));
            ns.exec("ip", "addr", "del", "10.9.0.1/24", "dev", "br9").orFail(List.of("ip addr del"));
            until(watch, e -> e instanceof KernelEvent.AddressChanged a && a.deleted() && a.address().index() == index
                    && a.address().cidr().toString().equals("10.9.0.1/24"));
        }
    }

    @Test
    void anNftablesCommitNamesItsTablesAndItsAuthor(ThrowawayNs ns) {
        try (KernelWatch watch = KernelWatch.open(TestKernel.executor(), ns.ns())) {
            ns.exec("nft", "add table inet other; add table inet jnet; add set inet jnet s { type inet_service; }")
                    .orFail(List.of("nft add table"));
            KernelEvent.NftChanged foreign = (KernelEvent.NftChanged) until(watch, e -> e instanceof KernelEvent.NftChanged)
                    .stream().filter(e -> e instanceof KernelEvent.NftChanged).findFirst().orElseThrow();
            assertThat(foreign.commit().tables()).containsExactlyInAnyOrder("inet other", "inet jnet");
            assertThat(foreign.commit().touched("inet", "jnet")).isTrue();
            assertThat(foreign.commit().process()).isEqualTo("nft");
            assertThat(foreign.commit().fromThisProcess()).isFalse();

            ns.nft().apply("add element inet jnet s { 80 }\n");
            KernelEvent.NftChanged own = (KernelEvent.NftChanged) until(watch, e -> e instanceof KernelEvent.NftChanged)
                    .stream().filter(e -> e instanceof KernelEvent.NftChanged).reduce((a, b) -> b).orElseThrow();
            assertThat(own.commit().tables()).containsExactly("inet jnet");
            assertThat(own.commit().fromThisProcess()).as("made by this JVM").isTrue();
            assertThat(own.commit().generation()).isGreaterThan(foreign.commit().generation());
        }
    }

    @Test
    void wakeUpEndsAWaitAtOnce(ThrowawayNs ns) throws Exception {
        try (KernelWatch watch = KernelWatch.open(TestKernel.executor(), ns.ns())) {
            CompletableFuture<List<KernelEvent>> waiting = CompletableFuture.supplyAsync(() -> watch.await(Duration.ofMinutes(5)));
            Thread.sleep(100);
            watch.wakeUp();
            assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEmpty();
        }
    }
}
