package org.smartclinic.gateway.binding;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a device's clock says about when it measured.
 *
 * <h2>The offset estimate</h2>
 * Each reading with a device time gives {@code offset = receivedAt - deviceTime} = the clock's true offset plus
 * how long delivery took. Delivery only ever adds time, so the smallest offset seen recently is the best estimate
 * of the clock's offset and is never below it. The clock keeps the samples of the last {@code memory} that could
 * still become the smallest: a clock set forward is adopted at once, a clock set back only once the older, smaller
 * samples expire; until then its readings look late, which only ever makes binding more careful.
 *
 * <p>The smallest offset can still be inflated when every sample so far was a late delivery (a device that replays
 * its memory on first contact). So the estimate is used to time readings only once it is <em>confirmed</em>: it
 * stayed within the tolerance for at least {@code confirmSpan} and a sample at the end of that span hit it again.
 * A backlog is received in one burst; a live device confirms its clock within minutes.
 *
 * <h2>The interval</h2>
 * {@link #judge} returns an interval that contains the moment of measurement, assuming that a reading which does
 * not look late was delivered within the tolerance (true of live links) and that a clock does not run ahead and
 * deliver late at once before its offset is confirmed:
 * <ul>
 *   <li>no device time: {@code [received - tolerance, received]};</li>
 *   <li>confirmed offset, deviation within the tolerance: trusted clock {@code [corrected - tolerance, corrected]},
 *       untrusted clock {@code [received - tolerance, received]}, with {@code corrected = deviceTime + offset};</li>
 *   <li>confirmed offset, later than it says (a late delivery, or a clock set back):
 *       {@code [corrected - tolerance, received]};</li>
 *   <li>earlier than a confirmed offset allows (a clock set forward; nothing is delivered before it is measured),
 *       or ahead of the gateway's clock on the device's first reading: the start is unknown, the interval is
 *       {@code (-inf, received]} and the reading can bind by sample id only;</li>
 *   <li>offset not confirmed yet: {@code [min(deviceTime + min(offset, 0), received) - tolerance, received]}, which
 *       holds whether the clock is right and the reading late or the clock is behind and the reading live.</li>
 * </ul>
 * A clock whose offset is beyond {@code threshold} is not trusted: the effective time becomes the receive time and
 * the reading says why. A device time further from the receive time than the tolerance is never the effective time
 * without a note. Pure and immutable.
 */
public final class DeviceClock {

    /** Most samples remembered; the estimate only needs those that may still become the smallest. */
    static final int MAX_SAMPLES = 64;

    /** One offset sample: when it was received (epoch ms) and the offset (ms). */
    public record Sample(long receivedAtMs, long offsetMs) {
    }

    /**
     * Where the measurement lies, and what to record.
     *
     * @param from          earliest possible measurement time, or null when unknown (clock jumped ahead)
     * @param to            latest possible measurement time (never after receipt)
     * @param effectiveTime the time the Observation states
     * @param source        {@code device} or {@code received}
     * @param note          why the effective time is not simply the device's time, or null
     */
    public record Timing(Instant from, Instant to, Instant effectiveTime, String source, String note) {
    }

    /** The judgement of one reading and the clock as it stands after it. */
    public record Judgement(Timing timing, DeviceClock after) {
    }

    /** How the judgement is made. */
    public record Settings(Duration tolerance, Duration threshold, Duration memory, Duration confirmSpan) {
    }

    /**
     * The state kept per device.
     *
     * @param plateau      the estimate as it was when it last changed by more than the tolerance, with when
     *                     ({@link Sample#receivedAtMs()}); null before the first sample
     * @param confirmedMs  the offset last confirmed, or null
     */
    public record State(List<Sample> samples, Sample plateau, Long confirmedMs) {
    }

    /** Oldest first; never changed once made (an array: {@link #withSample} runs for every reading journaled). */
    private final Sample[] samples;
    private final Sample plateau;
    private final Long confirmedMs;

    /** {@code samples} is kept as it is: every caller passes an array nobody changes. */
    private DeviceClock(Sample[] samples, Sample plateau, Long confirmedMs) {
        this.samples = samples;
        this.plateau = plateau;
        this.confirmedMs = confirmedMs;
    }

    public static DeviceClock empty() {
        return new DeviceClock(new Sample[0], null, null);
    }

    public static DeviceClock of(State state) {
        return new DeviceClock(List.copyOf(state.samples()).toArray(new Sample[0]), state.plateau(),
                state.confirmedMs());
    }

    public State state() {
        return new State(samples(), plateau, confirmedMs);
    }

    public List<Sample> samples() {
        return Collections.unmodifiableList(Arrays.asList(samples));
    }

    /** The offset last confirmed, in ms, or null. */
    public Long confirmedOffsetMs() {
        return confirmedMs;
    }

    /** The estimated offset (receive minus device time), or null before the first device time. */
    public Duration offset() {
        return samples.length == 0 ? null : Duration.ofMillis(samples[0].offsetMs());
    }

    /** Whether the estimate is confirmed (see the class comment) and within {@code settings.tolerance()} of it. */
    public boolean confirmed(Duration tolerance) {
        return confirmedMs != null && samples.length > 0
                && Math.abs(samples[0].offsetMs() - confirmedMs) <= tolerance.toMillis();
    }

    /** Whether the clock is trusted for binding: a confirmed estimate within {@code threshold}. */
    public boolean trusted(Settings settings) {
        return confirmed(settings.tolerance()) && offset().abs().compareTo(settings.threshold()) <= 0;
    }

    /** Judges a reading timed {@code deviceTime} (null: the device sends none) received at {@code receivedAt}. */
    public Judgement judge(Instant deviceTime, Instant receivedAt, Settings settings) {
        Objects.requireNonNull(receivedAt, "receivedAt");
        long tol = settings.tolerance().toMillis();
        Instant fromReceipt = receivedAt.minusMillis(tol);
        if (deviceTime == null) {
            return new Judgement(new Timing(fromReceipt, receivedAt, receivedAt, "received", null), this);
        }
        long delta = receivedAt.toEpochMilli() - deviceTime.toEpochMilli();
        DeviceClock now = expire(receivedAt.toEpochMilli(), settings.memory());
        DeviceClock after = now.withSample(new Sample(receivedAt.toEpochMilli(), delta), settings);
        boolean confirmed = now.confirmed(settings.tolerance());
        Duration known = now.offset();
        // An unconfirmed estimate is no baseline: a sample below it means earlier samples were late, not that the
        // clock jumped; the newest evidence counts.
        long estimate = known == null ? delta : confirmed ? known.toMillis() : Math.min(known.toMillis(), delta);
        long deviation = delta - estimate;
        if ((confirmed && deviation < -tol) || (known == null && delta < -tol)) {
            String what = confirmed ? "jumped " + human(-deviation) + " ahead"
                    : "is " + human(-delta) + " ahead of the gateway's";
            return new Judgement(new Timing(null, receivedAt, receivedAt, "received", "device clock " + what
                    + " (device time " + IsoInstant.of(deviceTime)
                    + "); the time of measurement is unknown, receive time stated"), after);
        }
        boolean trustedOffset = Math.abs(estimate) <= settings.threshold().toMillis();
        String late = deviation > tol || (!confirmed && delta > tol)
                ? "received " + human(Math.max(deviation, delta)) + " after the device's clock says it measured"
                : null;
        Instant corrected = deviceTime.plusMillis(estimate);
        Timing t;
        if (!confirmed) {
            // Not confirmed: the clock may be right and the reading late, or the clock behind and the reading live;
            // a clock shown to be ahead (negative estimate) is allowed for.
            Instant earliest = deviceTime.plusMillis(Math.min(estimate, 0));
            Instant from = (earliest.isBefore(receivedAt) ? earliest : receivedAt).minusMillis(tol);
            t = trustedOffset ? new Timing(from, receivedAt, deviceTime, "device", late)
                    : new Timing(from, receivedAt, receivedAt, "received", untrustedNote(estimate, deviceTime));
        } else if (deviation > tol) {
            t = trustedOffset ? new Timing(corrected.minusMillis(tol), receivedAt, deviceTime, "device", late)
                    : new Timing(corrected.minusMillis(tol), receivedAt, receivedAt, "received",
                            untrustedNote(estimate, deviceTime) + "; " + late);
        } else if (trustedOffset) {
            Instant to = corrected.isAfter(receivedAt) ? receivedAt : corrected;
            t = new Timing(corrected.minusMillis(tol), to, deviceTime, "device", null);
        } else {
            t = new Timing(fromReceipt, receivedAt, receivedAt, "received", untrustedNote(estimate, deviceTime));
        }
        return new Judgement(t, after);
    }

    private static String untrustedNote(long estimateMs, Instant deviceTime) {
        return "device clock " + human(Math.abs(estimateMs)) + (estimateMs > 0 ? " behind" : " ahead of")
                + " the gateway's, not trusted (device time " + IsoInstant.of(deviceTime) + "); receive time stated";
    }

    private DeviceClock expire(long nowMs, Duration memory) {
        long horizon = nowMs - memory.toMillis();
        if (samples.length == 0 || samples[0].receivedAtMs() >= horizon) {
            return this;
        }
        Sample[] kept = new Sample[samples.length];
        int n = 0;
        for (Sample x : samples) {
            if (x.receivedAtMs() >= horizon) {
                kept[n++] = x;
            }
        }
        return new DeviceClock(Arrays.copyOf(kept, n), plateau, confirmedMs);
    }

    /** This clock with {@code s} added; samples that can never again be the smallest go. */
    DeviceClock withSample(Sample s, Settings settings) {
        long tol = settings.tolerance().toMillis();
        // A later sample with a smaller offset makes an older one useless: it expires later and is smaller. Counted
        // first, so that one array of the right size is made: this runs on the journal writer for every reading.
        int useful = 0;
        for (Sample old : samples) {
            if (old.offsetMs() < s.offsetMs()) {
                useful++;
            }
        }
        int dropOldest = Math.max(0, useful + 1 - MAX_SAMPLES);
        Sample[] kept = new Sample[useful + 1 - dropOldest];
        int n = 0;
        int seen = 0;
        for (Sample old : samples) {
            if (old.offsetMs() < s.offsetMs() && seen++ >= dropOldest) {
                kept[n++] = old;
            }
        }
        kept[n] = s;
        long estimate = kept[0].offsetMs();
        Sample p = plateau;
        Long confirmed = confirmedMs;
        if (p == null || Math.abs(estimate - p.offsetMs()) > tol) {
            p = new Sample(s.receivedAtMs(), estimate);
        } else if (Math.abs(s.offsetMs() - estimate) <= tol
                && s.receivedAtMs() - p.receivedAtMs() >= settings.confirmSpan().toMillis()) {
            confirmed = estimate;
        }
        return new DeviceClock(kept, p, confirmed);
    }

    static String human(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toDays() >= 2) {
            return d.toDays() + " d";
        }
        if (d.toHours() >= 1) {
            return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
        }
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + " min";
        }
        // one decimal, rounded half up as "%.1f" rounds: written by hand, it is on the journal writer's path
        long tenths = (ms + 50) / 100;
        return tenths / 10 + "." + tenths % 10 + " s";
    }
}
