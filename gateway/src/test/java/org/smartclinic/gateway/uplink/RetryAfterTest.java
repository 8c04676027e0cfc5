package org.smartclinic.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-03T21:00:00Z");

    @Test
    void parse_seconds_thatManySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void parse_httpDate_untilThen() {
        assertThat(RetryAfter.parse("Thu, 03 Dec 2026 21:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
    }

    @Test
    void parse_httpDateInThePast_zero() {
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 21:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void parse_garbageOrNegative_ignored() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
    }

    @Test
    void parse_hugeNumber_theMostHonoured() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(Backoff.MAX_RETRY_AFTER);
    }

    @Test
    void from_headerNameInAnyCase_found() {
        assertThat(RetryAfter.from(Map.of("RETRY-AFTER", List.of("7")), NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.from(Map.of("content-type", List.of("text/html")), NOW)).isEmpty();
        assertThat(RetryAfter.from(null, NOW)).isEmpty();
    }
}
