package dev.jnet.daemon.api.filter;

import dev.jnet.error.JnetException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UntilTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void goDurationsCountBackFromNow() {
        assertThat(Until.parse("24h", NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(Until.parse("1h30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(Until.parse("1.5h", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(Until.parse("-10m", NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(Until.parse("300ms", NOW)).isEqualTo(NOW.minusMillis(300));
    }

    @Test
    void unixTimesAndRfc3339TimesAreAbsolute() {
        assertThat(Until.parse("1700000000", NOW)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(Until.parse("1700000000.5", NOW)).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000));
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        assertThat(Until.parse("2026-11-28T12", NOW)).as("an hour, as Docker takes it")
                .isEqualTo(java.time.LocalDateTime.parse("2026-11-28T12:00:00").atZone(zone).toInstant());
        assertThat(Until.parse("2026-11-28T12:30", NOW))
                .isEqualTo(java.time.LocalDateTime.parse("2026-11-28T12:30:00").atZone(zone).toInstant());
        assertThat(Until.parse("0", NOW)).as("0 is a Unix time, not a duration, as in dockerd").isEqualTo(Instant.EPOCH);
        assertThat(Until.parse("2000-01-01T00:00:00Z", NOW)).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(Until.parse("2000-01-01T02:00:00+02:00", NOW)).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(Until.parse("2000-01-01T00:00:00.123456789Z", NOW)).isEqualTo(Instant.parse("2000-01-01T00:00:00.123456789Z"));
    }

    @Test
    void anythingElseIsInvalidWithAMessageThatSaysWhatIsAccepted() {
        assertThatThrownBy(() -> Until.parse("later", NOW)).isInstanceOf(JnetException.class)
                .hasMessageContaining("failed to parse value 'later' as time or duration");
        assertThatThrownBy(() -> Until.parse(" ", NOW)).hasMessageContaining("value is empty");
        assertThatThrownBy(() -> Until.parse("5d", NOW)).hasMessageContaining("use a duration such as 24h");
    }
}
