package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsOptionsTest {
    @Test
    void defaultsAreTheIssuesWorkload() {
        PortsOptions options = PortsOptions.parse(new String[0]).orElseThrow();
        assertThat(options.existing()).containsExactly(0, 1000, 10_000);
        assertThat(options.ports()).isEqualTo(200);
        assertThat(options.repetitions()).isEqualTo(15);
        assertThat(options.jnetd()).isEqualTo(JnetdOptions.DEFAULT);
    }

    @Test
    void helpIsAskedForWithEitherFlag() {
        assertThat(PortsOptions.parse(new String[] {"--ports=5", "--help"})).isEmpty();
        assertThat(PortsOptions.parse(new String[] {"-h"})).isEmpty();
    }

    @Test
    void optionsAndJnetdsOptionsAreTaken() {
        PortsOptions options = PortsOptions.parse(new String[] {"--existing=0,400", "--ports=0", "--repetitions=3",
                "--log-level=debug", "--jnetd-logs=/tmp/logs"}).orElseThrow();
        assertThat(options.existing()).isEqualTo(List.of(0, 400));
        assertThat(options.ports()).isZero();
        assertThat(options.jnetd()).isEqualTo(new JnetdOptions("debug", Optional.empty(), Optional.of(Path.of("/tmp/logs"))));
    }

    @Test
    void existingPortsMustBeAscendingWholeBlocksThatFitBelowTheNewSandboxs() {
        for (String bad : List.of("--existing=100", "--existing=1000,0", "--existing=0,0", "--existing=20200",
                "--existing=", "--ports=1001", "--log-level=loud", "--sizes=1")) {
            assertThatThrownBy(() -> PortsOptions.parse(new String[] {bad}))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
