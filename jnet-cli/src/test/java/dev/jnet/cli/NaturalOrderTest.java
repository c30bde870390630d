package dev.jnet.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NaturalOrderTest {
    @Test
    void sortsNamesAsDockersLsDoes() {
        List<String> sorted = List.of("0", "00", "000", "1", "01", "2", "10", "a", "a0", "a00", "a1", "a01", "a2",
                "a10", "a10b", "ab", "b", "bridge", "host", "net2", "net10", "net10a", "none", "web", "web-1", "web-2",
                "web-10", "é");
        List<String> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new java.util.Random(7));
        shuffled.sort(NaturalOrder.INSTANCE);
        assertThat(shuffled).containsExactlyElementsOf(sorted);
    }

    @Test
    void isConsistentWithEquals() {
        assertThat(NaturalOrder.INSTANCE.compare("net01", "net01")).isZero();
        assertThat(NaturalOrder.INSTANCE.compare("net1", "net01")).isNegative();
        assertThat(NaturalOrder.INSTANCE.compare("net01", "net1")).isPositive();
    }
}
