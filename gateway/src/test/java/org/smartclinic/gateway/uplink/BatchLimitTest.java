package org.smartclinic.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class BatchLimitTest {

    private static final Instant T0 = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void fresh_theConfiguredSize() {
        assertThat(new BatchLimit(100).at(T0)).isEqualTo(100);
    }

    @Test
    void tooSlow_halvesWhatTheBatchHeld_againAtEachFailure_downToOne() {
        BatchLimit limit = new BatchLimit(100);

        assertThat(limit.tooSlow(100, T0)).isEqualTo(50);
        assertThat(limit.tooSlow(50, T0.plusSeconds(3))).isEqualTo(25);
        // a part-full batch of 10 that timed out: half of what it held, not of the limit
        assertThat(limit.tooSlow(10, T0.plusSeconds(6))).isEqualTo(5);
        assertThat(limit.tooSlow(5, T0.plusSeconds(9))).isEqualTo(2);
        assertThat(limit.tooSlow(2, T0.plusSeconds(12))).isEqualTo(1);
        assertThat(limit.at(T0.plusSeconds(13))).isEqualTo(1);
    }

    @Test
    void tooSlow_oneReading_nothingToSplit_limitUnchanged() {
        BatchLimit limit = new BatchLimit(100);

        assertThat(limit.tooSlow(1, T0)).isZero();
        assertThat(limit.at(T0)).isEqualTo(100);
    }

    @Test
    void holdAfterTheLastFailure_thenTheFullSizeAgain() {
        BatchLimit limit = new BatchLimit(100);
        limit.tooSlow(100, T0);
        limit.tooSlow(50, T0.plus(BatchLimit.HOLD).minusSeconds(1));

        assertThat(limit.at(T0.plus(BatchLimit.HOLD))).as("the hold counts from the last failure").isEqualTo(25);
        assertThat(limit.at(T0.plus(BatchLimit.HOLD).plus(BatchLimit.HOLD).minusSeconds(1))).isEqualTo(100);
    }

    @Test
    void tooSlow_afterTheHoldEnded_halvesTheFullSizeNotTheOldLimit() {
        BatchLimit limit = new BatchLimit(100);
        limit.tooSlow(100, T0);

        assertThat(limit.tooSlow(100, T0.plus(BatchLimit.HOLD).plusSeconds(1))).isEqualTo(50);
    }

    @Test
    void new_zero_refused() {
        assertThatThrownBy(() -> new BatchLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
