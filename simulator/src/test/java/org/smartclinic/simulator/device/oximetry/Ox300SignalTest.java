package org.smartclinic.simulator.device.oximetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;

class Ox300SignalTest {

    /** 60 s of signal at 5 samples per frame. */
    private static final int FRAMES = 60 * 25;

    @Test
    void next_sameSeed_sameValues() {
        List<Ox300Signal.Values> a = frames(new Ox300Signal(42), 200, 72);
        List<Ox300Signal.Values> b = frames(new Ox300Signal(42), 200, 72);

        assertThat(a).usingRecursiveFieldByFieldElementComparator().isEqualTo(b);
    }

    @Test
    void next_normal_numericsNearTargetsPiAroundThreePercentNoFlags() {
        List<Ox300Signal.Values> frames = frames(new Ox300Signal(7), FRAMES, 72);

        assertThat(frames).allSatisfy(v -> {
            assertThat(v.flags()).isZero();
            assertThat(v.spo2()).isBetween(95, 99);
            assertThat(v.pulse()).isBetween(69, 75);
            assertThat(v.pi()).isBetween(280, 320);
            assertThat(v.samples()).hasSize(5);
        });
        assertThat(frames.stream().map(Ox300Signal.Values::spo2).distinct().count()).as("SpO2 drifts").isGreaterThan(1);
    }

    @Test
    void next_pulse75_oneBeatPerSecondAndAFifthWithTheFullAmplitude() {
        int[] pleth = pleth(frames(new Ox300Signal(3), FRAMES, 75));

        int min = 255;
        int max = 0;
        for (int s : pleth) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        assertThat(max - min).as("amplitude").isGreaterThan(150);
        assertThat(risingCrossings(pleth, (min + max) / 2)).as("beats in 60 s at 75 +- 3 /min").isBetween(72, 78);
    }

    @Test
    void next_pulse300_stepsBelow80SoTheWaveNeverSpellsTheSyncPattern() {
        int[] pleth = pleth(frames(new Ox300Signal(5), FRAMES, 300));

        // AA 55 in a row would be a drop of 85 (170 to 85); a steep wave at the highest rate stays well below.
        for (int i = 1; i < pleth.length; i++) {
            assertThat(Math.abs(pleth[i] - pleth[i - 1])).as("step at %d", i).isLessThan(80);
        }
    }

    @Test
    void next_sensorOff_noValuesZeroPlethAndTheClockRuns() {
        Ox300Signal signal = new Ox300Signal(1);

        Ox300Signal.Values v = signal.next(5, 97, 72, true, false);

        assertThat(v.flags()).isEqualTo(Ox300Protocol.FLAG_SENSOR_OFF);
        assertThat(v.spo2()).isEqualTo(Ox300Protocol.SPO2_NO_VALUE);
        assertThat(v.pulse()).isEqualTo(Ox300Protocol.PULSE_NO_VALUE);
        assertThat(v.pi()).isEqualTo(Ox300Protocol.PI_NO_VALUE);
        assertThat(v.samples()).containsOnly(0);
        assertThat(signal.samples()).isEqualTo(5);
    }

    @Test
    void next_lowSignal_flagWeakWaveAndLowPi() {
        Ox300Signal signal = new Ox300Signal(9);
        List<Ox300Signal.Values> frames = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            frames.add(signal.next(5, 97, 72, false, true));
        }

        assertThat(frames).allSatisfy(v -> {
            assertThat(v.flags()).isEqualTo(Ox300Protocol.FLAG_LOW_SIGNAL);
            assertThat(v.pi()).isBetween(25, 35);
        });
        int[] pleth = pleth(frames);
        int span = Arrays.stream(pleth).max().orElseThrow() - Arrays.stream(pleth).min().orElseThrow();
        assertThat(span).isBetween(20, 50);
    }

    private static List<Ox300Signal.Values> frames(Ox300Signal signal, int n, int pulse) {
        List<Ox300Signal.Values> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(signal.next(5, 97, pulse, false, false));
        }
        return out;
    }

    private static int[] pleth(List<Ox300Signal.Values> frames) {
        return frames.stream().flatMapToInt(v -> {
            int[] s = new int[v.samples().length];
            for (int i = 0; i < s.length; i++) {
                s[i] = v.samples()[i] & 0xFF;
            }
            return Arrays.stream(s);
        }).toArray();
    }

    private static int risingCrossings(int[] pleth, int level) {
        int n = 0;
        for (int i = 1; i < pleth.length; i++) {
            if (pleth[i - 1] < level && pleth[i] >= level) {
                n++;
            }
        }
        return n;
    }
}
