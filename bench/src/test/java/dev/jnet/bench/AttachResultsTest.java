package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttachResultsTest {
    private static final long MS = 1_000_000;

    private static AttachTiming timing(String method, int clients, long medianMs) {
        long[] nanos = {medianMs * MS, medianMs * MS, medianMs * MS};
        return new AttachTiming(method, 100, clients, nanos, nanos.clone(), 0, List.of(), 3 * medianMs * MS);
    }

    @Test
    void macvlanRatiosCompareJnetsMacvlanWithNetavarksAndWithItsOwnBridgeOfTheSameMode() {
        AttachResults results = new AttachResults();
        results.add(timing("jnet", 1, 4));
        results.add(timing("netavark", 1, 40));
        results.add(timing("jnet-macvlan", 1, 2));
        results.add(timing("netavark-macvlan", 1, 20));
        results.add(timing("jnet-macvlan", 16, 30));
        String[] lines = results.macvlanRatios().split("\n");
        assertThat(lines).containsExactly(
                "N=100   sequential  jnet-macvlan/netavark-macvlan 0.10  jnet-macvlan/jnet (bridge) 0.50");
        assertThat(results.ratios()).contains("jnet/netavark 0.10").doesNotContain("macvlan");
    }

    @Test
    void theTableHasRoomForTheLongestMethodName() {
        AttachResults results = new AttachResults();
        results.add(timing("netavark-macvlan", 1, 20));
        String[] lines = results.table().split("\n");
        assertThat(lines[1]).startsWith("netavark-macvlan    100  sequential");
        assertThat(lines[1].split("\\s+")).containsExactly("netavark-macvlan", "100", "sequential", "20.00", "20.00",
                "50", "0");
        assertThat(lines[0].indexOf("median ms") + "median ms".length()).isEqualTo(lines[1].indexOf("20.00") + 5);
    }
}
