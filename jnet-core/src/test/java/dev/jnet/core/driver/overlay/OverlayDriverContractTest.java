package dev.jnet.core.driver.overlay;

import dev.jnet.core.driver.Driver;
import dev.jnet.core.driver.DriverContractTest;
import dev.jnet.core.model.NetworkSpec;
import dev.jnet.kernel.Kernel;
import dev.jnet.kernel.testing.ThrowawayNs;

import dev.jnet.core.driver.NetworkPlan;
import dev.jnet.core.model.Network;
import dev.jnet.core.model.NetworkId;
import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import dev.jnet.kernel.testing.Command;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The overlay driver on one fake host (its underlay address on {@code eth0}); the data path across hosts is OverlayDataPathTest's. */
class OverlayDriverContractTest extends DriverContractTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected Driver driver(Kernel kernel) {
        try {
            return new OverlayDriver(kernel, InetAddress.getByName("198.51.100.1"), 1500, VxlanIds.NONE);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected NetworkSpec spec(ThrowawayNs host, String name) {
        return NetworkSpec.named(name).withDriver("overlay").withOptions(Map.of(OverlayOptions.VXLAN_IDS, "4096"));
    }

    @Override
    protected Map<String, String> badOptions() {
        return Map.of("com.docker.network.driver.overlay.no_such_option", "1");
    }

    @Test
    void aDeletedVxlanDeviceIsMadeAgainByEnsureAsBefore(ThrowawayNs host) {
        Driver driver = driver(kernel(host));
        NetworkSpec spec = spec(host, "ov");
        NetworkId id = NetworkId.random();
        NetworkPlan plan = driver.plan(id, spec);
        Network network = network(driver, spec, id, plan);
        driver.createNetwork(network, plan);
        String ns = kernel(host).namespaces().open("ov-" + id.shortId()).path().toString();
        Command.run("nsenter", "--net=" + ns, "ip", "link", "del", "vxlan0").orFail(List.of("ip link del vxlan0"));

        assertThat(driver.ensureNetwork(network)).isTrue();
        JsonNode vxlan = JSON.readTree(Command.run("nsenter", "--net=" + ns, "ip", "-j", "-d", "link", "show", "vxlan0").stdout()).get(0);
        assertThat(vxlan.path("linkinfo").path("info_data").path("id").asInt()).isEqualTo(4096);
        assertThat(vxlan.path("linkinfo").path("info_slave_data").path("learning").asBoolean(true)).isFalse();
        assertThat(vxlan.path("mtu").asInt()).as("1500 less VXLAN's 50").isEqualTo(1450);
        assertThat(driver.ensureNetwork(network)).isFalse();
        driver.deleteNetwork(network);
    }

    @Test
    void anOverlayNetworkWithoutAVxlanIdSaysWhereOneComesFrom(ThrowawayNs host) {
        assertThatThrownBy(() -> driver(kernel(host)).plan(NetworkId.random(), NetworkSpec.named("ov").withDriver("overlay")))
                .isInstanceOf(JnetException.class).hasMessageContaining("--cluster-store")
                .extracting(e -> ((JnetException) e).kind()).isEqualTo(ErrorKind.INVALID);
        assertThatThrownBy(() -> driver(kernel(host)).plan(NetworkId.random(), NetworkSpec.named("ov").withDriver("overlay")
                .withOptions(Map.of(OverlayOptions.VXLAN_IDS, "4096,4097")))).hasMessageContaining("one id");
    }

    @Test
    void reconcilingRemovesTheNamespaceOfANetworkThisHostNoLongerHasAndFreesItsVxlanId(ThrowawayNs host) {
        Driver driver = driver(kernel(host));
        NetworkId keptId = NetworkId.random();
        NetworkPlan keptPlan = driver.plan(keptId, spec(host, "kept").withOptions(Map.of(OverlayOptions.VXLAN_IDS, "4100")));
        Network kept = network(driver, spec(host, "kept"), keptId, keptPlan);
        driver.createNetwork(kept, keptPlan);
        NetworkId goneId = NetworkId.random();
        NetworkPlan gonePlan = driver.plan(goneId, spec(host, "gone"));
        driver.createNetwork(network(driver, spec(host, "gone"), goneId, gonePlan), gonePlan);
        kernel(host).createNamespace("ov-sandboxlike"); // not shaped like an overlay network's: not jnet's to judge

        driver.reconcileAll(List.of(kept), List.of());

        assertThat(kernel(host).namespaces().list()).contains("ov-" + keptId.shortId(), "ov-sandboxlike")
                .doesNotContain("ov-" + goneId.shortId());
        NetworkId againId = NetworkId.random();
        NetworkPlan again = driver.plan(againId, spec(host, "again"));
        driver.createNetwork(network(driver, spec(host, "again"), againId, again), again); // VXLAN id 4096 free at once
        kernel(host).namespaces().delete("ov-sandboxlike");
        driver.reconcileAll(List.of(), List.of());
        assertThat(kernel(host).namespaces().list()).noneMatch(n -> n.startsWith("ov-"));
    }
}
