package dev.jnet.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AddressHolderTest {
    private static final String KEY_2 = Keys.ips("n1") + "10.90.0.2";
    private static final String KEY_3 = Keys.ips("n1") + "10.90.0.3";

    private static String record(String host, String address) {
        return new EndpointRecord("n1", "e-" + host + address, host, address, "02:42:0a:5a:00:02", List.of("web")).toJson();
    }

    @Test
    void aChangeMadeOnlyByThisHostIsItsOwn() {
        Map<String, String> before = Map.of(KEY_2, record("b", "10.90.0.2"));

        assertThat(AddressHolder.onlyHostsOwnChanged(before, Map.of(KEY_2, record("b", "10.90.0.2"),
                KEY_3, record("a", "10.90.0.3")), "a")).as("its record added").isTrue();
        assertThat(AddressHolder.onlyHostsOwnChanged(Map.of(KEY_3, "a/1234"), Map.of(), "a")).as("its reservation gone").isTrue();
        assertThat(AddressHolder.onlyHostsOwnChanged(Map.of(KEY_3, "a/1234"), Map.of(KEY_3, record("a", "10.90.0.3")), "a"))
                .as("its reservation became its record").isTrue();
        assertThat(AddressHolder.onlyHostsOwnChanged(before, before, "a")).as("nothing").isTrue();
    }

    @Test
    void aChangeThatTouchesAnotherHostsClaimIsNot() {
        Map<String, String> before = Map.of(KEY_2, record("b", "10.90.0.2"));

        assertThat(AddressHolder.onlyHostsOwnChanged(Map.of(), before, "a")).as("another's record added").isFalse();
        assertThat(AddressHolder.onlyHostsOwnChanged(before, Map.of(), "a")).as("another's record gone").isFalse();
        assertThat(AddressHolder.onlyHostsOwnChanged(before, Map.of(KEY_2, record("a", "10.90.0.2")), "a"))
                .as("another's address now this host's").isFalse();
        assertThat(AddressHolder.onlyHostsOwnChanged(Map.of(KEY_2, record("a", "10.90.0.2")), before, "a"))
                .as("this host's address now another's").isFalse();
    }
}
