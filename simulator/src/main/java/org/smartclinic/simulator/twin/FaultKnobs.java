package org.smartclinic.simulator.twin;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The fault knobs a twin's builder offers beside a whole {@link FaultPlan}: every n-th frame corrupted, preceded by
 * line noise or dropped, exact frames corrupted, one unplug and replug. {@link #fold} lays the knobs that were set
 * over the plan (a knob set replaces that part of the plan, one not set leaves it as it is) and keeps the bytes the
 * protocol needs out of noise. The builder checks the values under its own knob names; a set is not thread-safe.
 */
public final class FaultKnobs {

    private FaultPlan plan = FaultPlan.NONE;
    private Integer corruptEvery;
    private Integer noiseEvery;
    private Integer dropEvery;
    private int[] corruptOn = new int[0];
    private int unplugAfter;
    private Duration replugAfter = Duration.ZERO;

    public FaultKnobs() {
    }

    private FaultKnobs(FaultKnobs other) {
        plan = other.plan;
        corruptEvery = other.corruptEvery;
        noiseEvery = other.noiseEvery;
        dropEvery = other.dropEvery;
        corruptOn = other.corruptOn;
        unplugAfter = other.unplugAfter;
        replugAfter = other.replugAfter;
    }

    /** The plan the knobs are laid over; default {@link FaultPlan#NONE}. */
    public FaultKnobs plan(FaultPlan value) {
        plan = Objects.requireNonNull(value, "plan");
        return this;
    }

    /** Every n-th frame's first transmission has a byte flipped; 0 = none, whatever the plan said. */
    public FaultKnobs corruptEvery(int n) {
        corruptEvery = n;
        return this;
    }

    /** Exactly these frames' first transmissions have a byte flipped (every n-th kept); none given = as planned. */
    public FaultKnobs corruptOn(int... frames) {
        corruptOn = frames.clone();
        return this;
    }

    /** Line noise just before every n-th frame; 0 = none. */
    public FaultKnobs noiseEvery(int n) {
        noiseEvery = n;
        return this;
    }

    /** Every n-th frame is never sent; 0 = none. */
    public FaultKnobs dropEvery(int n) {
        dropEvery = n;
        return this;
    }

    /** After frame {@code n} is done: unplug, wait {@code replugDelay}, plug in again; once. */
    public FaultKnobs unplugAfter(int n, Duration replugDelay) {
        unplugAfter = n;
        replugAfter = replugDelay;
        return this;
    }

    /** A copy with every-n-th corruption and noise at these rates where the knob was not set (a faulty scenario). */
    public FaultKnobs unlessSet(int corruptEveryDefault, int noiseEveryDefault) {
        FaultKnobs copy = new FaultKnobs(this);
        copy.corruptEvery = corruptEvery != null ? corruptEvery : corruptEveryDefault;
        copy.noiseEvery = noiseEvery != null ? noiseEvery : noiseEveryDefault;
        return copy;
    }

    /**
     * The plan with the knobs that were set laid over it.
     *
     * @param seed         seed of the random positions and noise bytes
     * @param neverInNoise bytes added to the plan's forbidden ones (a frame start, a line end)
     */
    public FaultPlan fold(long seed, byte... neverInNoise) {
        FrameSet corrupt = corruptEvery != null ? plan.corrupt().withEvery(corruptEvery) : plan.corrupt();
        if (corruptOn.length > 0) {
            corrupt = corrupt.withNumbers(corruptOn);
        }
        FrameSet noise = noiseEvery != null ? plan.noise().withEvery(noiseEvery) : plan.noise();
        FrameSet drop = dropEvery != null ? plan.drop().withEvery(dropEvery) : plan.drop();
        byte[] planned = plan.noiseForbidden();
        byte[] forbidden = Arrays.copyOf(planned, planned.length + neverInNoise.length);
        System.arraycopy(neverInNoise, 0, forbidden, planned.length, neverInNoise.length);
        FaultPlan.Builder folded = plan.toBuilder().corrupt(corrupt).noise(noise).drop(drop)
                .noiseForbidden(forbidden).seed(seed);
        if (unplugAfter > 0) {
            folded.unplugAfter(unplugAfter, replugAfter);
        }
        return folded.build();
    }
}
