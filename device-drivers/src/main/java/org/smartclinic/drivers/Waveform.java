package org.smartclinic.drivers;

import java.util.Objects;

/**
 * A sampled signal (ECG lead, pleth wave): samples as integers in device units, scaled by {@code factor} into
 * {@code unit}, one sample every {@code periodMillis}.
 *
 * @param code         what the signal is (e.g. an MDC lead code)
 * @param unit         unit of {@code sample * factor}, as the device names it
 * @param periodMillis time between samples in milliseconds
 * @param factor       multiplier from raw sample to {@code unit}
 * @param samples      raw samples
 */
public record Waveform(Code code, String unit, double periodMillis, double factor, int[] samples) {

    public Waveform {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(samples, "samples");
        if (!(periodMillis > 0)) {
            throw new IllegalArgumentException("periodMillis must be > 0: " + periodMillis);
        }
    }
}
