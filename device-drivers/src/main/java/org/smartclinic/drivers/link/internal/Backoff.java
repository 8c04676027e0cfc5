package org.smartclinic.drivers.link.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Capped exponential reconnect delay: {@code initial}, then doubled after each consecutive failure, never above
 * {@code max}; {@link #reset()} once a connection has proven itself. Not thread-safe: owned by the link thread.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        this.next = initial;
    }

    /** The delay before the next attempt; the one after it doubles, up to the cap. */
    public Duration next() {
        Duration now = next;
        next = now.compareTo(max.dividedBy(2)) > 0 ? max : now.multipliedBy(2);
        return now;
    }

    /** Back to the initial delay. */
    public void reset() {
        next = initial;
    }

    /** A delay as it is told to a technician: {@code 100 ms}, {@code 1 s}, {@code 1.5 s}. */
    public static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
