package dev.jnet.cluster;

import dev.jnet.core.model.NetworkSpec;
import dev.jnet.net.Cidr;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkRecordTest {
    @Test
    void aRecordMakesTheSameNetworkOnAnotherHost() {
        NetworkRecord r = new NetworkRecord("ab".repeat(32), "web", "overlay", "10.90.0.0/24",
                Map.of("com.docker.network.driver.overlay.vxlanid_list", "4096"), Map.of("team", "a"), false, true);
        NetworkRecord back = NetworkRecord.fromJson("k", r.toJson());
        assertThat(back).isEqualTo(r);
        NetworkSpec spec = back.spec();
        assertThat(spec.name()).isEqualTo("web");
        assertThat(spec.driver()).isEqualTo("overlay");
        assertThat(spec.ipv4()).singleElement().satisfies(p -> assertThat(p.subnet()).contains(Cidr.parse("10.90.0.0/24")));
        assertThat(spec.options()).containsEntry("com.docker.network.driver.overlay.vxlanid_list", "4096");
        assertThat(spec.labels()).isEqualTo(Map.of("team", "a"));
        assertThat(spec.attachable()).isTrue();
        assertThat(new NetworkRecord("cd".repeat(32), "x", "overlay", "", Map.of(), Map.of(), false, false).spec().ipv4())
                .isEqualTo(List.of());
    }

    @Test
    void aBrokenRecordIsAnErrorNamingItsKey() {
        assertThatThrownBy(() -> NetworkRecord.fromJson("/jnet/v1/networks/x", "{oops")).hasMessageContaining("/jnet/v1/networks/x");
    }
}
