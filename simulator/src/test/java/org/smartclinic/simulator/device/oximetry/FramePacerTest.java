package org.smartclinic.simulator.device.oximetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class FramePacerTest {

    private static final long MS = 1_000_000L;

    private final AtomicInteger restarts = new AtomicInteger();
    private final FramePacer pacer = new FramePacer(40 * MS, restarts::incrementAndGet);

    @Test
    void take_fromStart_firstDueAtOnceThenEveryPeriod() {
        pacer.start(1000 * MS);

        assertThat(pacer.take(1000 * MS)).isTrue();
        assertThat(pacer.take(1000 * MS)).isFalse();
        assertThat(pacer.nanosUntilDue(1000 * MS)).isEqualTo(40 * MS);
        assertThat(pacer.take(1039 * MS)).isFalse();
        assertThat(pacer.take(1040 * MS)).isTrue();
    }

    @Test
    void take_lateWrites_scheduleKeptFromTheStartNoDrift() {
        pacer.start(0);
        for (int k = 0; k < 100; k++) {
            // Each frame taken 30 ms late: a sleep-after-write loop would have drifted by 3 s.
            assertThat(pacer.take(k * 40 * MS + 30 * MS)).isTrue();
            assertThat(pacer.take(k * 40 * MS + 30 * MS)).isFalse();
        }

        assertThat(pacer.nanosUntilDue(3990 * MS)).isEqualTo(10 * MS);
        assertThat(restarts).hasValue(0);
    }

    @Test
    void take_behindLessThanASecond_catchesUpFrameByFrame() {
        pacer.start(0);

        int taken = 0;
        while (pacer.take(400 * MS)) {
            taken++;
        }

        assertThat(taken).as("frames due at 0, 40, ..., 400 ms").isEqualTo(11);
        assertThat(restarts).hasValue(0);
    }

    @Test
    void take_moreThanASecondBehind_restartsFromNowAndTellsOnce() {
        pacer.start(0);

        assertThat(pacer.take(1500 * MS)).isTrue();
        assertThat(pacer.take(1500 * MS)).isFalse();

        assertThat(restarts).hasValue(1);
        assertThat(pacer.nanosUntilDue(1500 * MS)).isEqualTo(40 * MS);
    }

    @Test
    void new_periodZero_refused() {
        assertThatThrownBy(() -> new FramePacer(0, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
