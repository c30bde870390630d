package dev.jnet.kernel.nft;

import dev.jnet.kernel.testing.NetnsExtension;
import dev.jnet.kernel.testing.TestKernel;
import dev.jnet.kernel.testing.ThrowawayNs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule and element counts read over nfnetlink match what {@code nft} made and changed. */
@ExtendWith(NetnsExtension.class)
class NftInventoryTest {
    @Test
    void countsRulesPerChainAndElementsPerSetAndSeesThemChange(ThrowawayNs ns) {
        String ports = IntStream.rangeClosed(1, 3000).mapToObj(p -> "tcp . " + p + " : 10.0.0.2 . 80")
                .collect(Collectors.joining(", "));
        ns.exec("nft", "add table inet t; add chain inet t empty; add chain inet t forward { type filter hook forward priority 0; }; "
                + "add rule inet t forward ct state established accept; add rule inet t forward drop; "
                + "add map inet t ports { type inet_proto . inet_service : ipv4_addr . inet_service; }; "
                + "add element inet t ports { " + ports + " }; add set inet t other { type ipv4_addr; }")
                .orFail(List.of("nft add table"));
        try (NftInventory inventory = NftInventory.open(TestKernel.executor(), ns.ns())) {
            TableCounts counts = inventory.count("inet", "t", List.of("ports", "other", "missing")).orElseThrow();
            assertThat(counts.rulesPerChain()).isEqualTo(Map.of("forward", 2, "empty", 0));
            assertThat(counts.elementsPerSet()).isEqualTo(Map.of("ports", 3000, "other", 0));
            assertThat(counts.elements("missing")).isEmpty();

            long handle = ns.json("nft", "-j", "list", "chain", "inet", "t", "forward").path("nftables").path(2).path("rule")
                    .path("handle").asLong();
            assertThat(inventory.hasRule("inet", "t", "forward", handle)).isTrue();
            assertThat(inventory.hasRule("inet", "t", "forward", handle + 100)).isFalse();

            ns.exec("nft", "delete element inet t ports { tcp . 7 }; flush chain inet t forward").orFail(List.of("nft delete"));
            assertThat(inventory.hasRule("inet", "t", "forward", handle)).as("flushed").isFalse();
            TableCounts after = inventory.count("inet", "t", List.of("ports")).orElseThrow();
            assertThat(after.elements("ports")).hasValue(2999);
            assertThat(after.rules("forward")).hasValue(0);

            ns.exec("nft", "flush", "ruleset").orFail(List.of("nft flush ruleset"));
            assertThat(inventory.count("inet", "t", List.of("ports"))).isEmpty();
        }
    }

    @Test
    void listsEveryTableOfEveryFamilyAsNftNamesIt(ThrowawayNs ns) {
        try (NftInventory inventory = NftInventory.open(TestKernel.executor(), ns.ns())) {
            assertThat(inventory.tables()).isEmpty();
            ns.exec("nft", "add table ip filter; add table inet jnet; add table bridge jnet; add table ip6 nat")
                    .orFail(List.of("nft add table"));

            assertThat(inventory.tables()).containsExactlyInAnyOrder("ip filter", "inet jnet", "bridge jnet", "ip6 nat");
        }
    }
}
