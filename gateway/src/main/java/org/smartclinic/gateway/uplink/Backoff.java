package org.smartclinic.gateway.uplink;

import java.time.Duration;
import java.util.function.LongBinaryOperator;

/**
 * Waits between delivery attempts while the EHR keeps failing: capped exponential backoff with decorrelated jitter
 * (each wait is drawn at random between the first wait and three times the previous one, then capped), so many
 * gateways that lost the same EHR do not come back in step, and no wait is shorter than the first. A
 * {@code Retry-After} from the EHR is the least wait; it is itself capped at {@link #MAX_RETRY_AFTER} so a
 * wrong header cannot stop delivery for days.
 */
public final class Backoff {

    /** The longest {@code Retry-After} honoured. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final long firstMs;
    private final long capMs;
    private final LongBinaryOperator random;
    private long previousMs;

    /**
     * @param random draws a number in {@code [from, to)}; e.g. {@code ThreadLocalRandom.current()::nextLong}
     */
    public Backoff(Duration first, Duration cap, LongBinaryOperator random) {
        this.firstMs = Math.max(1, first.toMillis());
        this.capMs = Math.max(firstMs, cap.toMillis());
        this.random = random;
    }

    /** The wait after one more failure; at least {@code retryAfter} when the EHR named one (null: none). */
    public Duration next(Duration retryAfter) {
        long upper = Math.min(capMs, Math.max(firstMs, previousMs * 3));
        long drawn = upper <= firstMs ? firstMs : random.applyAsLong(firstMs, upper + 1);
        previousMs = drawn;
        if (retryAfter != null && !retryAfter.isNegative()) {
            long asked = Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
            return Duration.ofMillis(Math.max(drawn, asked));
        }
        return Duration.ofMillis(drawn);
    }

    /** A success: the next failure waits from the start again. */
    public void reset() {
        previousMs = 0;
    }
}
