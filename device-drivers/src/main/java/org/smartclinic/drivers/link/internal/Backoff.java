package org.smartclinic.drivers.link.internal;

import java.time.Duration;
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
}
