package dev.jnet.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScaleShapeTest {
    @Test
    void theDefaultPutsTenThousandEndpointsOnTenBridgesOfAThousandPortsAndFitsTheOpenFilesLimit() {
        ScaleShape shape = ScaleShape.DEFAULT;
        assertThat(shape.sandboxes()).isEqualTo(5000);
        assertThat(shape.portsPerBridge()).isEqualTo(1000);
        int[] perNetwork = new int[shape.networks()];
        for (int e = 0; e < shape.endpoints(); e++) {
            perNetwork[shape.network(e)]++;
        }
        for (int n = 0; n < shape.networks(); n++) {
            assertThat(perNetwork[n]).isEqualTo(shape.endpointsOn(n)).isEqualTo(1000);
        }
        shape.requireDescriptors(20_000);
        assertThat(shape.describe(20_000)).contains("10,000 endpoints: 5,000 sandboxes, each connected to 2 of 10",
                "1,000 ports per bridge", "10,000 of its open-files limit of 20,000");
    }

    @Test
    void aSandboxJoinsDistinctNetworksAndEveryBridgeFillsAtTheSamePace() {
        ScaleShape shape = new ScaleShape(100, 10, 4, 10);
        assertThat(shape.sandboxes()).isEqualTo(25);
        for (int s = 0; s < shape.sandboxes(); s++) {
            Set<Integer> networks = new HashSet<>();
            for (int j = 0; j < 4; j++) {
                int e = s * 4 + j;
                assertThat(shape.sandbox(e)).isEqualTo(s);
                networks.add(shape.network(e));
            }
            assertThat(networks).hasSize(4);
        }
        int[] firstTen = new int[10];
        for (int e = 0; e < 10; e++) {
            firstTen[shape.network(e)]++;
        }
        assertThat(firstTen).containsOnly(1);
    }

    @Test
    void byNetworkFillsEachBridgeBeforeTheNextAndStillGivesASandboxDistinctNetworks() {
        ScaleShape shape = new ScaleShape(10_000, 10, 2, 1000, ScaleShape.Fill.BY_NETWORK);
        assertThat(shape.sandboxes()).isEqualTo(5000);
        for (int e = 0; e < shape.endpoints(); e++) {
            assertThat(shape.network(e)).isEqualTo(e / 1000);
            assertThat(shape.indexOn(e)).isEqualTo(e % 1000);
            assertThat(shape.endpointOf(shape.sandbox(e), shape.slot(e))).isEqualTo(e);
        }
        boolean[] seen = new boolean[shape.sandboxes()];
        for (int s = 0; s < shape.sandboxes(); s++) {
            Set<Integer> networks = new HashSet<>();
            for (int j = 0; j < 2; j++) {
                int e = shape.endpointOf(s, j);
                assertThat(shape.sandbox(e)).isEqualTo(s);
                networks.add(shape.network(e));
            }
            assertThat(networks).hasSize(2);
            // A sandbox's first connect is its slot 0 (jnetd names it eth0).
            assertThat(shape.endpointOf(s, 0)).isLessThan(shape.endpointOf(s, 1));
            seen[s] = true;
        }
        assertThat(seen).containsOnly(true);
        assertThat(shape.describe(20_000)).contains("network after network");
        assertThatThrownBy(() -> new ScaleShape(9_000, 10, 3, 1000, ScaleShape.Fill.BY_NETWORK))
                .hasMessageContaining("--scale-fill=by-network");
        assertThatThrownBy(() -> ScaleShape.Fill.parse("random")).hasMessageContaining("--scale-fill");
    }

    @Test
    void unevenEndpointsGiveTheFirstNetworksOneMore() {
        ScaleShape shape = new ScaleShape(25, 10, 1, 5);
        assertThat(shape.endpointsOn(0)).isEqualTo(3);
        assertThat(shape.endpointsOn(4)).isEqualTo(3);
        assertThat(shape.endpointsOn(5)).isEqualTo(2);
        assertThat(shape.portsPerBridge()).isEqualTo(3);
    }

    @Test
    void shapesTheKernelOrTheMachineCannotHoldAreRefusedWithTheOptionToChange() {
        assertThatThrownBy(() -> new ScaleShape(10_000, 5, 1, 1000))
                .hasMessageContaining("2000 ports on a bridge").hasMessageContaining("raise --scale-networks");
        assertThatThrownBy(() -> new ScaleShape(10_001, 10, 2, 1000))
                .hasMessageContaining("must be a multiple of --scale-networks-per-sandbox");
        assertThatThrownBy(() -> new ScaleShape(100, 2, 3, 10)).hasMessageContaining("--scale-networks-per-sandbox");
        assertThatThrownBy(() -> new ScaleShape(100, 10, 1, 51)).hasMessageContaining("--scale-window");
        assertThatThrownBy(() -> new ScaleShape(10_000, 10, 1, 1000).requireDescriptors(20_000))
                .hasMessageContaining("20000 descriptors").hasMessageContaining("raise --scale-networks-per-sandbox");
    }
}
