package org.smartclinic.drivers;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A chunk of a continuous signal as it streams from a device (oximeter pleth, ECG leads), for live viewers. It is
 * not journaled: the gateway puts it on its bounded live bus, where a slow viewer loses chunks (counted) rather
 * than slowing the device down.
 *
 * <p>All channels share the timing: sample {@code i} of every channel was taken at
 * {@code start + i * periodMicros}. A sample the device marked invalid (sensor off, lead off, out of range) is
 * {@link #INVALID}; a gap in the stream (samples the gateway never received, e.g. a corrupt frame) is reported
 * as {@code gapBefore}: the number of samples missing just before this chunk, so viewers can draw a gap rather
 * than a line across it.
 *
 * @param stream       the stream's name within the device, e.g. {@code pleth}
 * @param sequence     the chunk's number within the stream, counting up by one per chunk the driver decoded
 * @param start        time of the first sample (device time when the device has a clock, else receive time)
 * @param periodMicros time between two samples, in microseconds
 * @param gapBefore    samples missing just before this chunk; 0 when the stream is contiguous
 * @param channels     one or more channels with the same number of samples
 */
public record StreamedWaveform(String stream, long sequence, Instant start, long periodMicros, int gapBefore,
        List<Channel> channels) {

    /** Value of a sample the device marked invalid. */
    public static final int INVALID = Integer.MIN_VALUE;

    /**
     * One channel: what it is, how raw samples scale to a unit, and the samples.
     *
     * @param code    what the signal is (an MDC code, e.g. 150452 pleth)
     * @param unit    unit of {@code sample * factor} as the device names it ({@code 1} for a unitless pleth)
     * @param factor  multiplier from a raw sample to {@code unit}
     * @param samples raw samples; {@link #INVALID} where the device marked one invalid
     */
    public record Channel(Code code, String unit, double factor, int[] samples) {
        public Channel {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(samples, "samples");
        }
    }

    public StreamedWaveform {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(start, "start");
        channels = List.copyOf(channels);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a waveform chunk needs at least one channel");
        }
        if (periodMicros <= 0 || gapBefore < 0) {
            throw new IllegalArgumentException("need periodMicros > 0 and gapBefore >= 0");
        }
        int n = channels.get(0).samples().length;
        if (channels.stream().anyMatch(c -> c.samples().length != n)) {
            throw new IllegalArgumentException("all channels of a chunk need the same number of samples");
        }
    }

    /** Samples per channel in this chunk. */
    public int length() {
        return channels.get(0).samples().length;
    }
}
