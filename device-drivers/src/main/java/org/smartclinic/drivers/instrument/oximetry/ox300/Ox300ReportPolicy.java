package org.smartclinic.drivers.instrument.oximetry.ox300;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a valid DATA frame's SpO2 and pulse become a reading, by frame receive time (never the wall clock, so
 * vectors are deterministic):
 * <ul>
 *   <li><b>interval</b>: the first valid frame, then the first valid frame at least {@code spacing} after the last
 *       reported one;</li>
 *   <li><b>change</b>: the first valid frame, then a valid frame whose SpO2 or pulse differs from the last reported
 *       values, but not sooner than {@code spacing} after the last report.</li>
 * </ul>
 * A receive time earlier than the last report's (the gateway clock was set back) counts as a first frame, so a
 * clock change never silences the device.
 */
final class Ox300ReportPolicy {

    private final boolean onChange;
    private final Duration spacing;
    private Instant lastAt;
    private int lastSpo2;
    private int lastPulse;

    private Ox300ReportPolicy(boolean onChange, Duration spacing) {
        this.onChange = onChange;
        this.spacing = Objects.requireNonNull(spacing, "spacing");
    }

    /** A reading every {@code interval}. */
    static Ox300ReportPolicy interval(Duration interval) {
        return new Ox300ReportPolicy(false, interval);
    }

    /** A reading when the values change, at most one per {@code minInterval}. */
    static Ox300ReportPolicy change(Duration minInterval) {
        return new Ox300ReportPolicy(true, minInterval);
    }

    /** Whether a valid frame received {@code at} is reported; if so, remembers it as the last report. */
    boolean due(Instant at, int spo2, int pulse) {
        boolean due = lastAt == null || at.isBefore(lastAt)
                || !at.isBefore(lastAt.plus(spacing)) && (!onChange || spo2 != lastSpo2 || pulse != lastPulse);
        if (due) {
            lastAt = at;
            lastSpo2 = spo2;
            lastPulse = pulse;
        }
        return due;
    }

    /** Forgets the last report: the next valid frame is reported. */
    void reset() {
        lastAt = null;
    }
}
