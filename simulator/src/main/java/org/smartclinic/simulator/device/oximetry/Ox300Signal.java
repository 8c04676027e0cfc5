package org.smartclinic.simulator.device.oximetry;

import java.util.Random;

import org.smartclinic.drivers.instrument.oximetry.ox300.Ox300Protocol;

/**
 * What the OX-300 twin measures, frame by frame: a pleth waveform sampled at 125 Hz and the numerics beside it.
 * Deterministic: the same seed and the same calls give the same values, whatever the pacing.
 *
 * <pre>
 *   pleth   baseline + amplitude * pulse shape(phase) + noise, clamped to 0..255; the phase advances by
 *           pulse/60 * 8 ms per sample, so one beat lasts 60/pulse s (100 samples at 75 /min)
 *   shape   systolic peak (Gaussian at 0.18 of the beat) and a smaller dicrotic wave (at 0.45); wide enough
 *           that neighbouring samples differ by less than 80 even at 300 /min, so the wave itself never spells
 *           the sync pattern AA 55 (a drop of 85), and a flipped payload byte stays a bad CRC
 *   drift   once per second of signal (125 samples): SpO2 +-1 within target +-2, pulse +-1 within target +-3,
 *           PI +-0.05 % within 3.00 +- 0.20 %
 *   sensor off   flags SENSOR_OFF, SpO2/pulse/PI "no value", pleth 0
 *   low signal   flags LOW_SIGNAL, a sixth of the amplitude with more noise, PI around 0.30 %
 * </pre>
 */
final class Ox300Signal {

    /** One DATA frame's content. */
    record Values(int flags, int spo2, int pulse, int pi, byte[] samples) {
    }

    static final int BASELINE = 40;
    static final int AMPLITUDE = 170;
    static final int PI_NORMAL = 300;
    static final int PI_LOW = 30;
    private static final int SPO2_SWING = 2;
    private static final int PULSE_SWING = 3;
    private static final int PI_SWING = 20;
    private static final int PI_STEP = 5;
    private static final double SAMPLE_SECONDS = Ox300Protocol.SAMPLE_PERIOD_MICROS / 1_000_000.0;

    private final Random random;
    private long samples;
    private double phase;
    private int spo2Drift;
    private int pulseDrift;
    private int piDrift;

    Ox300Signal(long seed) {
        this.random = new Random(seed);
    }

    /**
     * The next frame's values: {@code n} samples around targets {@code spo2} (%) and {@code pulse} (/min).
     */
    Values next(int n, int spo2, int pulse, boolean sensorOff, boolean lowSignal) {
        int rate = Math.clamp(pulse + pulseDrift, 1, Ox300Protocol.PULSE_MAX);
        byte[] pleth = new byte[n];
        for (int i = 0; i < n; i++) {
            pleth[i] = sensorOff ? 0 : (byte) sample(lowSignal);
            advance(rate);
        }
        if (sensorOff) {
            return new Values(Ox300Protocol.FLAG_SENSOR_OFF, Ox300Protocol.SPO2_NO_VALUE, Ox300Protocol.PULSE_NO_VALUE,
                    Ox300Protocol.PI_NO_VALUE, pleth);
        }
        int pi = lowSignal ? PI_LOW + piDrift / 4 : PI_NORMAL + piDrift;
        return new Values(lowSignal ? Ox300Protocol.FLAG_LOW_SIGNAL : 0,
                Math.clamp(spo2 + spo2Drift, 0, Ox300Protocol.SPO2_MAX), rate, pi, pleth);
    }

    /** Samples generated so far (sensor off included): the device's own clock, in 8 ms steps. */
    long samples() {
        return samples;
    }

    /** The pulse shape at {@code phase} (0..1 within a beat), 0..1. */
    static double shape(double phase) {
        return gauss(phase, 0.18, 0.09) + 0.35 * gauss(phase, 0.45, 0.09);
    }

    private int sample(boolean lowSignal) {
        double amplitude = lowSignal ? AMPLITUDE / 6.0 : AMPLITUDE;
        int noise = lowSignal ? random.nextInt(9) - 4 : random.nextInt(3) - 1;
        return Math.clamp(Math.round(BASELINE + amplitude * shape(phase)) + noise, 0, 255);
    }

    private void advance(int rate) {
        phase += rate / 60.0 * SAMPLE_SECONDS;
        phase -= Math.floor(phase);
        samples++;
        if (samples % Ox300Protocol.SAMPLE_RATE_HZ == 0) {
            spo2Drift = walk(spo2Drift, 1, SPO2_SWING);
            pulseDrift = walk(pulseDrift, 1, PULSE_SWING);
            piDrift = walk(piDrift, PI_STEP, PI_SWING);
        }
    }

    private int walk(int drift, int step, int swing) {
        return Math.clamp(drift + (random.nextInt(3) - 1) * step, -swing, swing);
    }

    private static double gauss(double x, double centre, double width) {
        double z = (x - centre) / width;
        return Math.exp(-z * z);
    }
}
