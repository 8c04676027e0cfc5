package org.smartclinic.drivers.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.link.internal.Backoff;

class BackoffTest {

    @Test
    void next_consecutiveFailures_doublesUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

        assertThat(Stream.generate(backoff::next).limit(7).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
    }

    @Test
    void next_capNotAPowerOfTwoOfInitial_landsOnTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(300), Duration.ofMillis(1000));

        assertThat(Stream.generate(backoff::next).limit(4).map(Duration::toMillis))
                .containsExactly(300L, 600L, 1000L, 1000L);
    }

    @Test
    void reset_afterFailures_startsAgainAtInitial() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void new_initialAboveCap_rejected() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
