package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortsResultsTest {
    private static final long MS = 1_000_000;

    private static PortsTiming timing(int existing, long... withMs) {
        long[] with = new long[withMs.length];
        long[] without = new long[withMs.length];
        for (int i = 0; i < withMs.length; i++) {
            with[i] = withMs[i] * MS;
            without[i] = 5 * MS;
        }
        return new PortsTiming(existing, 200, with, without);
    }

    @Test
    void timingReportsMedianP90MinAndTheCostOverTheBaseline() {
        PortsTiming t = timing(0, 30, 10, 20, 50, 40);
        assertThat(t.medianMs()).isEqualTo(30.0);
        assertThat(t.p90Ms()).isEqualTo(50.0);
        assertThat(t.minMs()).isEqualTo(10.0);
        assertThat(t.baselineMs()).isEqualTo(5.0);
        assertThat(t.portsCostMs()).isEqualTo(25.0);
    }

    @Test
    void tableHasOneRowPerSizeWithItsNumbers() {
        PortsResults results = new PortsResults();
        results.add(timing(0, 20, 20, 20));
        results.add(timing(10_000, 24, 24, 24));
        String[] lines = results.table().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).contains("existing ports", "connect+200 ports ms", "p90 ms", "without ports ms", "ports' cost");
        assertThat(lines[2].trim().split("\\s+")).containsExactly("10,000", "24.00", "24.00", "24.00", "5.00", "19.00");
    }

    @Test
    void targetsAreMetWhenFastAndFlat() {
        PortsResults results = new PortsResults();
        results.add(timing(0, 20));
        results.add(timing(1000, 21));
        results.add(timing(10_000, 30));
        assertThat(results.targets()).containsExactly(
                "target: t(10,000) < 100 ms: 30.00 ms MET",
                "target: t(10,000)/t(0) <= 1.5: 1.50 MET");
    }

    @Test
    void targetsAreMissedWhenSlowOrGrowing() {
        PortsResults results = new PortsResults();
        results.add(timing(0, 60));
        results.add(timing(10_000, 120));
        assertThat(results.targets()).containsExactly(
                "target: t(10,000) < 100 ms: 120.00 ms MISSED",
                "target: t(10,000)/t(0) <= 1.5: 2.00 MISSED");
    }

    @Test
    void targetsWithoutTheirSizesSayNotMeasured() {
        PortsResults results = new PortsResults();
        results.add(timing(1000, 20));
        assertThat(results.targets()).allMatch(line -> line.contains("not measured"));
    }
}
