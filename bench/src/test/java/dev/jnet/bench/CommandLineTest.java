package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {
    @Test
    void connectBenchmarksOptionsKeepTheirDefaultsAndTakeJnetdsOptions() {
        ConnectBenchmark.Options options = ConnectBenchmark.Options.parse(new String[] {"--methods=jnet",
                "--modes=sequential", "--log-level=warn"}).orElseThrow();
        assertThat(options.sizes()).containsExactly(100, 1000);
        assertThat(options.methods()).containsExactly("jnet");
        assertThat(options.clientCounts()).containsExactly(1);
        assertThat(options.restartNetworks()).isEqualTo(1000);
        assertThat(options.jnetd().logLevel()).isEqualTo("warn");
    }

    @Test
    void connectBenchmarksDefaultMethodsPutMacvlanBesideTheBridgeAndPinningIsAskedFor() {
        assertThat(ConnectBenchmark.Options.parse(new String[0]).orElseThrow().methods())
                .containsExactly("jnet", "netavark", "cni", "jnet-macvlan", "netavark-macvlan");
        assertThat(ConnectBenchmark.Options.parse(new String[] {"--methods=netavark-macvlan,jnet-pinning"})
                .orElseThrow().methods()).containsExactly("netavark-macvlan", "jnet-pinning");
    }

    @Test
    void connectBenchmarksPartsRunInTheirOwnOrderAndDefaultToAllThree() {
        assertThat(ConnectBenchmark.Options.parse(new String[0]).orElseThrow().parts())
                .containsExactly("connect", "memory", "scale");
        assertThat(ConnectBenchmark.Options.parse(new String[] {"--parts=scale,memory"}).orElseThrow().parts())
                .containsExactly("memory", "scale");
        assertThatThrownBy(() -> ConnectBenchmark.Options.parse(new String[] {"--parts=memory,disk"}))
                .hasMessageContaining("--parts takes distinct names out of [connect, memory, scale]");
    }

    @Test
    void theScaleShapeComesFromItsOptionsAndASmallRunGetsAHalfWindow() {
        ConnectBenchmark.Options defaults = ConnectBenchmark.Options.parse(new String[0]).orElseThrow();
        assertThat(defaults.scale()).isEqualTo(ScaleShape.DEFAULT);
        ScaleShape small = ConnectBenchmark.Options.parse(new String[] {"--scale-endpoints=600",
                "--scale-networks=3", "--scale-networks-per-sandbox=3"}).orElseThrow().scale();
        assertThat(small).isEqualTo(new ScaleShape(600, 3, 3, 300));
        assertThat(ConnectBenchmark.Options.parse(new String[] {"--scale-fill=by-network"}).orElseThrow().scale().fill())
                .isEqualTo(ScaleShape.Fill.BY_NETWORK);
        assertThatThrownBy(() -> ConnectBenchmark.Options.parse(new String[] {"--scale-endpoints=5000",
                "--scale-networks=2"})).hasMessageContaining("2500 ports on a bridge");
    }

    @Test
    void anArgumentOfNoOneIsRefusedAndTheLastValueWins() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--existing=0"}, Set.of("--sizes")))
                .hasMessage("unknown argument '--existing=0'");
        assertThat(CommandLine.parse(new String[] {"--sizes=1", "--sizes=2"}, Set.of("--sizes"))
                .orElseThrow().number("--sizes", 0, 0, 9)).isEqualTo(2);
    }

    @Test
    void jnetdsLogsMustOutliveTheRun() {
        assertThatThrownBy(() -> JnetdOptions.DEFAULT.with("--jnetd-logs",
                "/run/jnet-bench-" + ProcessHandle.current().pid() + "/logs"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
