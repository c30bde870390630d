package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parsing of /proc files and of ip's output the memory and scale parts rely on. */
class ProcParsingTest {
    private static final String STATUS = """
            Name:	java
            Umask:	0022
            State:	S (sleeping)
            VmPeak:	 3859464 kB
            VmRSS:	  160144 kB
            RssAnon:	  120000 kB
            Threads:	43
            """;

    @Test
    void vmRssAndThreadsAreReadFromTheirOwnLines() {
        assertThat(ProcessMemory.statusField(STATUS, "VmRSS")).isEqualTo(160144);
        assertThat(ProcessMemory.statusField(STATUS, "Threads")).isEqualTo(43);
        assertThatThrownBy(() -> ProcessMemory.statusField(STATUS, "VmSwap")).hasMessageContaining("no VmSwap line");
    }

    @Test
    void theRssHasSettledWhenTheLastFiveSamplesLieWithinOneMebibyte() {
        assertThat(ProcessMemory.steady(List.of(100_000L, 100_500L, 100_900L, 101_024L))).isFalse();
        assertThat(ProcessMemory.steady(List.of(90_000L, 100_000L, 100_500L, 100_900L, 101_024L, 100_100L))).isTrue();
        assertThat(ProcessMemory.steady(List.of(100_000L, 100_500L, 100_900L, 101_025L, 100_100L))).isFalse();
    }

    @Test
    void theParentPidIsCountedFromTheLastParenthesisSinceACommandNameMayHoldOne() {
        assertThat(ProcTable.parentPid("1297 (containerd) S 1286 1297 1297 0 -1 4194560")).isEqualTo(1286);
        assertThat(ProcTable.parentPid("42 (a) b) (c) R 7 42 42 0")).isEqualTo(7);
    }

    @Test
    void theOpenFilesHardLimitIsTheSecondNumber() {
        String limits = """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             95000                95000                processes
                Max open files            1024                 20000                files
                """;
        assertThat(ScalePart.parseOpenFilesLimit(limits)).isEqualTo(20000);
        assertThatThrownBy(() -> ScalePart.parseOpenFilesLimit("Max open files  unlimited  unlimited  files"))
                .isInstanceOf(BenchmarkException.class);
    }

    @Test
    void bridgePortsAreCountedByMasterWithTheOnesUp() {
        String json = """
                [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP"]},
                 {"ifindex":2,"ifname":"br0","flags":["BROADCAST","UP"]},
                 {"ifindex":3,"ifname":"veth1","flags":["BROADCAST","UP","LOWER_UP"],"master":"br0"},
                 {"ifindex":4,"ifname":"veth2","flags":["BROADCAST"],"master":"br0"},
                 {"ifindex":5,"ifname":"veth3","flags":["UP"],"master":"br1"}]""";
        assertThat(BridgePorts.parse(json)).containsEntry("br0", new BridgePorts.Ports(2, 1))
                .containsEntry("br1", new BridgePorts.Ports(1, 1)).hasSize(2);
    }

    @Test
    void theMedianOfAWindowSkipsFailedConnects() {
        long ms = 1_000_000;
        long[] inOrder = {1 * ms, -1, 3 * ms, 10 * ms, 20 * ms, 30 * ms};
        assertThat(ScalePart.medianMs(inOrder, 0, 3)).isEqualTo(2.0);
        assertThat(ScalePart.medianMs(inOrder, 3, 6)).isEqualTo(20.0);
        assertThat(ScalePart.medianMs(inOrder, 1, 2)).isNaN();
    }
}
