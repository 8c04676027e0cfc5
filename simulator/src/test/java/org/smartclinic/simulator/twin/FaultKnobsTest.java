package org.smartclinic.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FaultKnobsTest {

    private static final FaultPlan PLAN = FaultPlan.builder().corrupt(new FrameSet(Set.of(2, 5), 7))
            .noise(FrameSet.every(4)).drop(FrameSet.on(9)).noiseForbidden((byte) 0x02).corruptAt(-1)
            .floodAfter(3, Duration.ofMillis(50)).build();

    @Test
    void fold_noKnobSet_keepsThePlanAddsTheProtocolsForbiddenBytesAndTheSeed() {
        FaultPlan folded = new FaultKnobs().plan(PLAN).fold(42, (byte) '$', (byte) '\n');

        assertThat(folded.corrupt()).isEqualTo(PLAN.corrupt());
        assertThat(folded.noise()).isEqualTo(PLAN.noise());
        assertThat(folded.drop()).isEqualTo(PLAN.drop());
        assertThat(folded.corruptAt()).isEqualTo(PLAN.corruptAt());
        assertThat(folded.floodAfter()).isEqualTo(3);
        assertThat(folded.noiseForbidden()).containsExactly(0x02, '$', '\n');
        assertThat(folded.seed()).isEqualTo(42);
        assertThat(folded.unplugAfter()).isZero();
    }

    @Test
    void fold_everyKnobsSet_replaceTheRatesKeepThePlansNumbers() {
        FaultPlan folded = new FaultKnobs().plan(PLAN).corruptEvery(3).noiseEvery(0).dropEvery(6).fold(1);

        assertThat(folded.corrupt()).isEqualTo(new FrameSet(Set.of(2, 5), 3));
        assertThat(folded.noise()).isEqualTo(FrameSet.NONE);
        assertThat(folded.drop()).isEqualTo(new FrameSet(Set.of(9), 6));
    }

    @Test
    void fold_corruptOn_replacesThePlansNumbersKeepsItsRate() {
        FaultPlan folded = new FaultKnobs().plan(PLAN).corruptOn(1, 8).fold(1);

        assertThat(folded.corrupt()).isEqualTo(new FrameSet(Set.of(1, 8), 7));
    }

    @Test
    void fold_unplugAfter_setsUnplugAndReplugDelay() {
        FaultPlan folded = new FaultKnobs().unplugAfter(4, Duration.ofMillis(300)).fold(1);

        assertThat(folded.unplugAfter()).isEqualTo(4);
        assertThat(folded.replugAfter()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void unlessSet_knobsNotSet_takeTheDefaultsAndTheOriginalStaysUnchanged() {
        FaultKnobs knobs = new FaultKnobs().noiseEvery(5);

        FaultPlan faulty = knobs.unlessSet(4, 3).fold(1);
        FaultPlan plain = knobs.fold(1);

        assertThat(faulty.corrupt().every()).isEqualTo(4);
        assertThat(faulty.noise().every()).as("a knob set wins over the default").isEqualTo(5);
        assertThat(plain.corrupt()).isEqualTo(FrameSet.NONE);
    }
}
