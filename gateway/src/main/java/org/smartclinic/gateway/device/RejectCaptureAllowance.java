package org.smartclinic.gateway.device;

import java.time.Duration;
import java.time.Instant;

/**
 * How many rejected inputs of one device are captured per minute: the first {@code perMinute} of each minute; the
 * rest are only counted, so a flooding device cannot fill the raw-capture store with garbage.
 */
final class RejectCaptureAllowance {

    private final int perMinute;
    private Instant windowStart = Instant.EPOCH;
    private int taken;

    RejectCaptureAllowance(int perMinute) {
        this.perMinute = perMinute;
    }

    /** True if this rejection may be captured. */
    synchronized boolean take(Instant now) {
        if (Duration.between(windowStart, now).compareTo(Duration.ofMinutes(1)) >= 0) {
            windowStart = now;
            taken = 0;
        }
        if (taken >= perMinute) {
            return false;
        }
        taken++;
        return true;
    }
}
