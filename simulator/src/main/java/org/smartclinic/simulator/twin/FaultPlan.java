package org.smartclinic.simulator.twin;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Faults for any framed protocol, as data: which frames to damage and how. {@link Faults} applies a plan frame by
 * frame; frames are numbered by the behaviour (1 for the first), and only first transmissions are damaged, so a
 * stop-and-wait device recovers by sending the frame again.
 *
 * @param corrupt        frames whose first transmission has one byte flipped (a line error)
 * @param corruptAt      the byte to flip: an index from the frame's start, or from its end when negative (-1 is
 *                       the last byte); empty = a random byte of the range the behaviour allows
 * @param corruptMask    XOR mask of the flip; 0x01 (default) keeps ASCII digits digits and letters letters
 * @param noise          frames preceded by a burst of line noise
 * @param noiseMin       shortest burst, bytes
 * @param noiseMax       longest burst, bytes
 * @param noiseForbidden bytes noise never contains (a frame start, a line end), so a burst stays one run of noise
 * @param drop           frames whose first transmission is never sent
 * @param unplugAfter    unplug once, after this frame is done (acknowledged, or written by a device without
 *                       acknowledgements); 0 = never
 * @param replugAfter    how long to stay unplugged
 * @param floodAfter     after this frame, write as fast as the line takes (line noise, or the behaviour's chunk)
 *                       for {@code floodFor}; 0 = never
 * @param floodFor       how long the flood lasts
 * @param seed           seed of the random positions and noise bytes
 */
public record FaultPlan(FrameSet corrupt, OptionalInt corruptAt, int corruptMask, FrameSet noise, int noiseMin,
        int noiseMax, byte[] noiseForbidden, FrameSet drop, int unplugAfter, Duration replugAfter, int floodAfter,
        Duration floodFor, long seed) {

    /** No faults. */
    public static final FaultPlan NONE = builder().build();

    public FaultPlan {
        Objects.requireNonNull(corrupt, "corrupt");
        Objects.requireNonNull(corruptAt, "corruptAt");
        Objects.requireNonNull(noise, "noise");
        Objects.requireNonNull(drop, "drop");
        noiseForbidden = noiseForbidden.clone();
        Checks.notNegative(replugAfter, "replugAfter");
        Checks.notNegative(floodFor, "floodFor");
        Checks.inRange(corruptMask, 1, 0xFF, "corruptMask");
        Checks.atLeast(noiseMax, Checks.atLeast(noiseMin, 1, "noiseMin"), "noiseMax");
        Checks.atLeast(unplugAfter, 0, "unplugAfter");
        Checks.atLeast(floodAfter, 0, "floodAfter");
    }

    @Override
    public byte[] noiseForbidden() {
        return noiseForbidden.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this plan's settings. */
    public Builder toBuilder() {
        Builder b = new Builder().corrupt(corrupt).corruptMask(corruptMask).noise(noise)
                .noiseLength(noiseMin, noiseMax).noiseForbidden(noiseForbidden).drop(drop)
                .unplugAfter(unplugAfter, replugAfter).floodAfter(floodAfter, floodFor).seed(seed);
        corruptAt.ifPresent(b::corruptAt);
        return b;
    }

    /** Defaults: no faults; bursts of 4-12 noise bytes, any byte allowed; mask 0x01; seed 0. */
    public static final class Builder {
        private FrameSet corrupt = FrameSet.NONE;
        private OptionalInt corruptAt = OptionalInt.empty();
        private int corruptMask = 0x01;
        private FrameSet noise = FrameSet.NONE;
        private int noiseMin = 4;
        private int noiseMax = 12;
        private byte[] noiseForbidden = new byte[0];
        private FrameSet drop = FrameSet.NONE;
        private int unplugAfter;
        private Duration replugAfter = Duration.ZERO;
        private int floodAfter;
        private Duration floodFor = Duration.ZERO;
        private long seed;

        public Builder corrupt(FrameSet frames) {
            corrupt = frames;
            return this;
        }

        public Builder corruptAt(int index) {
            corruptAt = OptionalInt.of(index);
            return this;
        }

        public Builder corruptMask(int mask) {
            corruptMask = mask;
            return this;
        }

        public Builder noise(FrameSet frames) {
            noise = frames;
            return this;
        }

        public Builder noiseLength(int min, int max) {
            noiseMin = min;
            noiseMax = max;
            return this;
        }

        public Builder noiseForbidden(byte... bytes) {
            noiseForbidden = bytes.clone();
            return this;
        }

        public Builder drop(FrameSet frames) {
            drop = frames;
            return this;
        }

        public Builder unplugAfter(int frame, Duration replugDelay) {
            unplugAfter = frame;
            replugAfter = replugDelay;
            return this;
        }

        public Builder floodAfter(int frame, Duration duration) {
            floodAfter = frame;
            floodFor = duration;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public FaultPlan build() {
            return new FaultPlan(corrupt, corruptAt, corruptMask, noise, noiseMin, noiseMax, noiseForbidden, drop,
                    unplugAfter, replugAfter, floodAfter, floodFor, seed);
        }
    }
}
