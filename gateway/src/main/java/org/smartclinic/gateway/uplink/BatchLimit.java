package org.smartclinic.gateway.uplink;

import java.time.Duration;
import java.time.Instant;

/**
 * How many readings go in one transaction now. The configured batch size, until a batch of several readings gets
 * no answer in time (the read timeout, a proxy's 504, a 408): then half the readings that batch held, and half
 * again at each further such failure, down to one reading; {@link #HOLD} after the last one, the full size again.
 *
 * <p>Without it, an EHR that needs longer than the read timeout to store a full batch (a loaded server, a slow
 * link) got the same full batch again after each timeout, for ever, and nothing after it was delivered; an outage
 * counts no attempts, so no item ever became a dead letter either (docs/delivery.md). The EHR may well have stored
 * what timed out; sending it again in smaller batches stores nothing twice (conditional create).
 *
 * <p>Used from the uplink thread and from the thread that plans the next batch ahead.
 */
final class BatchLimit {

    /** How long a reduced size stays after the last batch that got no answer in time. */
    static final Duration HOLD = Duration.ofMinutes(5);

    private final int full;
    private int now;
    private Instant until;

    BatchLimit(int full) {
        if (full < 1) {
            throw new IllegalArgumentException("a batch holds at least one reading: " + full);
        }
        this.full = full;
        this.now = full;
    }

    /** Readings per transaction at {@code at}. */
    synchronized int at(Instant at) {
        if (until != null && !at.isBefore(until)) {
            now = full;
            until = null;
        }
        return now;
    }

    /**
     * A batch of {@code readings} got no answer in time at {@code at}; returns the new size, or 0 when it did not
     * change (a single reading cannot be split: it is retried as any item is).
     */
    synchronized int tooSlow(int readings, Instant at) {
        if (readings < 2) {
            return 0;
        }
        int before = at(at);
        now = Math.max(1, Math.min(before, readings) / 2);
        until = at.plus(HOLD);
        return now;
    }
}
