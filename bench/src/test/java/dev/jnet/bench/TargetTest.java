package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetTest {
    @Test
    void aValueAtTheLimitMeetsAtMostButNotBelow() {
        assertThat(Target.atMost("jnetd RSS idle", 64.0, 64, "MiB", 1).met()).isTrue();
        assertThat(Target.below("restart-to-ready", 3.0, 3, "s", 2).met()).isFalse();
        assertThat(Target.below("restart-to-ready", 2.99, 3, "s", 2).met()).isTrue();
    }

    @Test
    void aLineNamesTheQuantityTheLimitTheValueAndTheVerdict() {
        assertThat(Target.atMost("jnetd RSS idle", 156.44, 64, "MiB", 1).line())
                .isEqualTo("target: jnetd RSS idle <= 64.0 MiB: 156.4 MiB MISSED");
        assertThat(Target.atMost("last over first", 1.054, 1.2, "", 2).line())
                .isEqualTo("target: last over first <= 1.20: 1.05 MET");
        assertThat(Target.atMostMeasured("jnetd RSS at 50 endpoints", 80, "dockerd's with 50 containers", 94.04,
                "MiB", 1).line())
                .isEqualTo("target: jnetd RSS at 50 endpoints <= dockerd's with 50 containers 94.0 MiB: 80.0 MiB MET");
        assertThat(Target.atMost("jnetd RSS at 10,000 endpoints", 1234.5, 256, "MiB", 1).line())
                .contains(": 1,234.5 MiB MISSED");
    }

    @Test
    void anUnmeasuredValueIsMissed() {
        assertThat(Target.atMost("ratio", Double.NaN, 1.2, "", 2).met()).isFalse();
        assertThatThrownBy(() -> Target.atMost(" ", 1, 1, "", 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
