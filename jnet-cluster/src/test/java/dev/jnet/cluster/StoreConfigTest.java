package dev.jnet.cluster;

import dev.jnet.error.ErrorKind;
import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreConfigTest {
    @Test
    void dockerStyleStoreUrlsGiveOneEndpointPerHost() {
        assertThat(StoreConfig.parseEndpoints("etcd://10.0.0.1:2379,etcd-b:2389", false))
                .containsExactly(URI.create("http://10.0.0.1:2379"), URI.create("http://etcd-b:2389"));
        assertThat(StoreConfig.parseEndpoints("etcd://[fd00::1]:2379", true)).containsExactly(URI.create("https://[fd00::1]:2379"));
    }

    @Test
    void malformedStoreUrlsAreRefusedWithTheirText() {
        for (String bad : List.of("consul://a:1", "etcd://", "etcd://a", "etcd://a:0", "etcd://a:1/x", "etcd://a:1,,b:2", "etcd://u@a:1")) {
            assertThatThrownBy(() -> StoreConfig.parseEndpoints(bad, false)).isInstanceOf(JnetException.class)
                    .hasMessageContaining(bad).extracting(e -> ((JnetException) e).kind()).isEqualTo(ErrorKind.INVALID);
        }
    }

    @Test
    void aUserNeedsAPassword() {
        StoreConfig config = StoreConfig.of(List.of(URI.create("http://a:1")));
        assertThatThrownBy(() -> new StoreConfig(config.endpoints(), config.timeout(), java.util.Optional.of("root"),
                java.util.Optional.empty(), java.util.Optional.empty())).hasMessageContaining("password");
    }
}
