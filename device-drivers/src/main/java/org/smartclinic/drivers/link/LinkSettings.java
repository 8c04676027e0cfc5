package org.smartclinic.drivers.link;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing of a {@link DeviceLink}.
 *
 * @param quietTime      reconnect when nothing at all arrives for this long; {@link Duration#ZERO} disables
 * @param initialBackoff wait before the first reconnect attempt; doubled after each failure
 * @param maxBackoff     cap of the wait between attempts
 */
public record LinkSettings(Duration quietTime, Duration initialBackoff, Duration maxBackoff) {

    public LinkSettings {
        Objects.requireNonNull(quietTime, "quietTime");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < initialBackoff <= maxBackoff");
        }
    }

    /** Reconnect after 100 ms, doubling up to 1 s; quiet time as given. */
    public static LinkSettings withQuietTime(Duration quietTime) {
        return new LinkSettings(quietTime, Duration.ofMillis(100), Duration.ofSeconds(1));
    }
}
