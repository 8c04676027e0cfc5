package org.smartclinic.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.smartclinic.gateway.binding.MutableClock;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(3, 4, Duration.ofMinutes(15), Duration.ofMinutes(1),
            Duration.ofMinutes(5), clock);

    @Test
    void failuresBelowTheLimit_doNotLock_andTheLimitLocksForTheLockout() {
        throttle.failed("gp", "10.0.0.5");
        throttle.failed("gp", "10.0.0.5");
        assertThat(throttle.wait("gp", "10.0.0.5")).isEmpty();
        throttle.failed("gp", "10.0.0.5");
        assertThat(throttle.wait("gp", "10.0.0.5")).contains(Duration.ofMinutes(1));
        clock.set(clock.instant().plus(Duration.ofSeconds(61)));
        assertThat(throttle.wait("gp", "10.0.0.5")).isEmpty();
    }

    @Test
    void lockoutsDouble_upToTheMaximum() {
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 3; i++) {
                throttle.failed("gp", "10.0.0.5");
            }
            Duration expected = Duration.ofMinutes(Math.min(5, 1L << round));
            assertThat(throttle.wait("gp", "10.0.0.5")).as("round " + round).contains(expected);
            clock.set(clock.instant().plus(expected.plusSeconds(1)));
        }
    }

    @Test
    void oneAccountGuessedFromManyAddresses_isLocked_andSoIsOneAddressGuessingManyAccounts() {
        throttle.failed("gp", "10.0.0.1");
        throttle.failed("gp", "10.0.0.2");
        throttle.failed("gp", "10.0.0.3");
        assertThat(throttle.wait("gp", "10.0.0.9")).isPresent();

        throttle.failed("a", "10.0.0.7");
        throttle.failed("b", "10.0.0.7");
        throttle.failed("c", "10.0.0.7");
        assertThat(throttle.wait("technician", "10.0.0.7")).as("3 < 4 per address").isEmpty();
        throttle.failed("d", "10.0.0.7");
        assertThat(throttle.wait("technician", "10.0.0.7")).isPresent();
        assertThat(throttle.wait("technician", "10.0.0.8")).isEmpty();
    }

    @Test
    void aSuccess_clearsTheAccountsFailures_butFailuresOutsideTheWindowAlsoExpire() {
        throttle.failed("gp", "10.0.0.5");
        throttle.failed("gp", "10.0.0.5");
        throttle.succeeded("gp");
        throttle.failed("gp", "10.0.0.6");
        assertThat(throttle.wait("gp", "10.0.0.6")).isEmpty();

        throttle.failed("x", "10.0.1.1");
        throttle.failed("x", "10.0.1.2");
        clock.set(clock.instant().plus(Duration.ofMinutes(16)));
        throttle.failed("x", "10.0.1.3");
        assertThat(throttle.wait("x", "10.0.1.4")).isEmpty();
    }
}
