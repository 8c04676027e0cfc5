package org.smartclinic.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void atLeast_belowMin_refusedNamingSettingAndValue() {
        assertThat(Checks.atLeast(0, 0, "count")).isZero();
        assertThatThrownBy(() -> Checks.atLeast(-1, 0, "count")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count must be >= 0: -1");
    }

    @Test
    void inRange_outsideEitherEnd_refused() {
        assertThat(Checks.inRange(20_000, 1, 20_000, "framesPerSecond")).isEqualTo(20_000);
        assertThatThrownBy(() -> Checks.inRange(0, 1, 20_000, "framesPerSecond"))
                .hasMessage("framesPerSecond must be 1..20000: 0");
        assertThatThrownBy(() -> Checks.inRange(20_001, 1, 20_000, "framesPerSecond"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notNegative_negativeOrNull_refusedZeroAccepted() {
        assertThat(Checks.notNegative(Duration.ZERO, "interval")).isZero();
        assertThatThrownBy(() -> Checks.notNegative(Duration.ofSeconds(-1), "interval"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("interval must be a duration >= 0: PT-1S");
        assertThatThrownBy(() -> Checks.notNegative(null, "interval")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void positive_zero_refused() {
        assertThat(Checks.positive(Duration.ofMillis(1), "ackTimeout")).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> Checks.positive(Duration.ZERO, "ackTimeout"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ackTimeout must be > 0: PT0S");
    }
}
