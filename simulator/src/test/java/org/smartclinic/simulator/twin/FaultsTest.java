package org.smartclinic.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class FaultsTest {

    private static final byte[] FRAME = "$M,0001,20261123101500,128,82,97,71,mmHg*7C\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void firstTransmission_corruptOnSecond_exactlyOneByteInRangeFlippedByTheMask() {
        Faults faults = new Faults(FaultPlan.builder().corrupt(FrameSet.on(2)).seed(3).build());

        byte[] first = faults.firstTransmission(1, FRAME, 23, 43);
        byte[] second = faults.firstTransmission(2, FRAME, 23, 43);

        assertThat(first).isEqualTo(FRAME);
        int[] changed = IntStream.range(0, FRAME.length).filter(i -> second[i] != FRAME[i]).toArray();
        assertThat(changed).hasSize(1);
        assertThat(changed[0]).isBetween(23, 42);
        assertThat(second[changed[0]] ^ FRAME[changed[0]]).isEqualTo(0x01);
        assertThat(faults.counters().get(Faults.Injected.CORRUPTED)).isEqualTo(1);
    }

    @Test
    void corrupt_positionFromTheEnd_flipsThatByteWithTheMask() {
        Faults faults = new Faults(FaultPlan.builder().corrupt(FrameSet.every(1)).corruptAt(-3).corruptMask(0xFF)
                .build());

        byte[] damaged = faults.firstTransmission(7, FRAME);

        assertThat(damaged[FRAME.length - 3]).isEqualTo((byte) ~FRAME[FRAME.length - 3]);
        assertThat(damaged).hasSameSizeAs(FRAME);
    }

    @Test
    void firstTransmission_dropEveryThird_nothingForThoseFramesAndCounted() {
        Faults faults = new Faults(FaultPlan.builder().drop(FrameSet.every(3)).build());

        assertThat(faults.firstTransmission(2, FRAME)).isEqualTo(FRAME);
        assertThat(faults.firstTransmission(3, FRAME)).isEmpty();
        assertThat(faults.firstTransmission(6, FRAME)).isEmpty();
        assertThat(faults.counters().get(Faults.Injected.DROPPED)).isEqualTo(2);
    }

    @Test
    void noise_forbiddenBytes_neverInABurstAndLengthWithinRange() {
        Faults faults = new Faults(FaultPlan.builder().noiseLength(2, 5).noiseForbidden((byte) '$', (byte) '\n')
                .seed(11).build());

        for (int i = 0; i < 2000; i++) {
            byte[] burst = faults.noise();
            assertThat(burst.length).isBetween(2, 5);
            assertThat(burst).doesNotContain((byte) '$', (byte) '\n');
        }
        assertThat(faults.counters().get(Faults.Injected.NOISE_BURSTS)).isEqualTo(2000);
    }

    @Test
    void firstTransmission_noiseAndCorruptOnOneFrame_noiseThenTheDamagedFrame() {
        Faults faults = new Faults(FaultPlan.builder().noise(FrameSet.on(4)).corrupt(FrameSet.on(4))
                .noiseLength(6, 6).corruptAt(1).build());

        byte[] out = faults.firstTransmission(4, FRAME);

        assertThat(out).hasSize(6 + FRAME.length);
        assertThat(out[6]).isEqualTo((byte) '$');
        assertThat(out[7]).isEqualTo((byte) ('M' ^ 0x01));
        assertThat(faults.counters().snapshot()).containsEntry(Faults.Injected.NOISE_BYTES, 6L)
                .containsEntry(Faults.Injected.CORRUPTED, 1L);
    }

    @Test
    void sameSeed_sameDamage() {
        FaultPlan plan = FaultPlan.builder().corrupt(FrameSet.every(1)).noise(FrameSet.every(2)).seed(99).build();
        Faults a = new Faults(plan);
        Faults b = new Faults(plan);

        for (int n = 1; n <= 20; n++) {
            assertThat(a.firstTransmission(n, FRAME)).isEqualTo(b.firstTransmission(n, FRAME));
        }
    }

    @Test
    void frameSet_numbersAndEvery_containsBoth() {
        FrameSet set = FrameSet.every(4).withNumbers(1, 6);

        assertThat(IntStream.rangeClosed(1, 12).filter(set::contains)).containsExactly(1, 4, 6, 8, 12);
        assertThat(FrameSet.NONE.contains(1)).isFalse();
        assertThatThrownBy(() -> FrameSet.on(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plan_impossibleSettings_rejected() {
        assertThatThrownBy(() -> FaultPlan.builder().corruptMask(0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.builder().noiseLength(5, 4).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultPlan.builder().unplugAfter(1, Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class);
        Faults faults = new Faults(FaultPlan.NONE);
        assertThatThrownBy(() -> faults.corrupt(FRAME, 5, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toBuilder_roundTrip_samePlan() {
        FaultPlan plan = FaultPlan.builder().corrupt(FrameSet.on(2)).corruptAt(-4).noise(FrameSet.every(3))
                .noiseForbidden((byte) '$').drop(FrameSet.every(5)).unplugAfter(7, Duration.ofSeconds(1))
                .floodAfter(8, Duration.ofMillis(300)).seed(4).build();

        FaultPlan again = plan.toBuilder().build();

        assertThat(again).usingRecursiveComparison().isEqualTo(plan);
    }
}
