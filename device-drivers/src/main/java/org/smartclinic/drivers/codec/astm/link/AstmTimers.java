package org.smartclinic.drivers.codec.astm.link;

import java.time.Duration;
import java.util.Objects;

/**
 * The timers of ASTM E1381-02 / CLSI LIS1-A ("Timeouts", "Contention", "Establishment Phase"), for both roles.
 * {@link #LIS1_A} holds the standard's values; change them only for a peer that needs it, or in tests.
 *
 * @param reply              how long a sender waits for the reply to its ENQ or to a frame: 15 s
 * @param receive            how long a receiver waits for the next frame or EOT after its last answer: 30 s
 * @param enquiryRetry       how long a sender waits before a new ENQ after a NAK or no answer to the previous: 10 s
 * @param hostBackoff        how long a host (computer system) waits before bidding again after it lost a
 *                           contention to the instrument: 20 s
 * @param instrumentBackoff  how long an instrument waits before repeating its ENQ after a contention: 1 s
 */
public record AstmTimers(Duration reply, Duration receive, Duration enquiryRetry, Duration hostBackoff,
        Duration instrumentBackoff) {

    /** The values of the standard. */
    public static final AstmTimers LIS1_A = new AstmTimers(Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(1));

    public AstmTimers {
        positive(reply, "reply");
        positive(receive, "receive");
        positive(enquiryRetry, "enquiryRetry");
        positive(hostBackoff, "hostBackoff");
        positive(instrumentBackoff, "instrumentBackoff");
    }

    /** The contention backoff of {@code role}. */
    public Duration backoff(AstmRole role) {
        return role == AstmRole.HOST ? hostBackoff : instrumentBackoff;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
