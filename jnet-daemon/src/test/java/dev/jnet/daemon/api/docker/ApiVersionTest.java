package dev.jnet.daemon.api.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiVersionTest {
    @Test
    void apiVersionsCompareAsNumbersAndOutOfRangeOnesAreRefused() {
        assertThat(ApiVersion.parse("1.9").before(ApiVersion.parse("1.24"))).isTrue();
        assertThat(ApiVersion.requested("1.24")).isEqualTo(ApiVersion.MINIMUM);
        assertThatThrownBy(() -> ApiVersion.requested("1.9")).hasMessageContaining("client version 1.9 is too old");
        assertThatThrownBy(() -> ApiVersion.requested("2.0")).hasMessageContaining("is too new. Maximum supported API version is 1.50");
        assertThatThrownBy(() -> ApiVersion.parse("1.2.3")).hasMessageContaining("invalid API version '1.2.3'");
    }
}
