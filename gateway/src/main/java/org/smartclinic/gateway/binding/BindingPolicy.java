package org.smartclinic.gateway.binding;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The configured rules of binding.
 *
 * @param clock           how device clocks are judged (tolerance, trust threshold, memory, confirmation span)
 * @param maxExamDuration how long an exam collects readings at most (exams of old journals have no own end)
 * @param confirmFirst    stations whose bound readings wait for the GP's confirmation
 */
public record BindingPolicy(DeviceClock.Settings clock, Duration maxExamDuration, Predicate<String> confirmFirst) {

    /** Defaults for tests: 5 s tolerance, 2 min threshold, 7 days memory, 10 min confirmation, 4 h exams. */
    public static BindingPolicy defaults() {
        return new BindingPolicy(new DeviceClock.Settings(Duration.ofSeconds(5), Duration.ofMinutes(2),
                Duration.ofDays(7), Duration.ofMinutes(10)), Duration.ofHours(4), station -> false);
    }

    public Duration tolerance() {
        return clock.tolerance();
    }
}
