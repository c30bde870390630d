package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodmanBenchmarkTest {
    @Test
    void theTableGivesEachSidesMedianP90AndMinAndTheirRatiosFirstOverSecond() {
        Map<String, List<Long>> nanos = new LinkedHashMap<>();
        nanos.put("jnet", List.of(300_000_000L, 100_000_000L, 200_000_000L, 400_000_000L));
        nanos.put("netavark", List.of(500_000_000L, 500_000_000L, 500_000_000L, 500_000_000L));

        assertThat(PodmanBenchmark.table(nanos).lines().toList()).containsExactly(
                "podman run      runs  median s    p90 s    min s",
                "jnet               4     0.250    0.400    0.100",
                "netavark           4     0.500    0.500    0.500",
                "jnet/netavark             0.50     0.80     0.20");
    }

    @Test
    void withOneSideThereIsNoRatioRow() {
        assertThat(PodmanBenchmark.table(Map.of("jnet", List.of(250_000_000L))).lines()).hasSize(2);
    }
}
