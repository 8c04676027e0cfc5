package org.smartclinic.gateway.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofSeconds(60);

    @Test
    void next_manyFailures_withinFirstAndCapAndGrowing() {
        Random random = new Random(42);
        Backoff b = new Backoff(FIRST, CAP, (from, to) -> from + (long) (random.nextDouble() * (to - from)));
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            waits.add(b.next(null));
        }
        assertThat(waits).allSatisfy(w -> assertThat(w).isBetween(FIRST, CAP));
        assertThat(waits.subList(20, 40)).anySatisfy(w -> assertThat(w).isGreaterThan(Duration.ofSeconds(20)));
        assertThat(waits.stream().distinct().count()).as("jittered, not a fixed ladder").isGreaterThan(10);
    }

    @Test
    void next_drawsBetweenFirstAndThreeTimesThePrevious() {
        List<long[]> asked = new ArrayList<>();
        Backoff b = new Backoff(FIRST, CAP, (from, to) -> {
            asked.add(new long[] {from, to});
            return to - 1;
        });
        b.next(null);
        b.next(null);
        b.next(null);
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).containsExactly(1000, 3001);
        assertThat(asked.get(1)).containsExactly(1000, 9001);
    }

    @Test
    void next_retryAfterLongerThanBackoff_isTheLeastWait() {
        Backoff b = new Backoff(FIRST, CAP, (from, to) -> from);
        assertThat(b.next(Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
        assertThat(b.next(Duration.ofMillis(10))).isEqualTo(FIRST);
    }

    @Test
    void next_absurdRetryAfter_cappedAtOneHour() {
        Backoff b = new Backoff(FIRST, CAP, (from, to) -> from);
        assertThat(b.next(Duration.ofDays(30))).isEqualTo(Backoff.MAX_RETRY_AFTER);
    }

    @Test
    void reset_afterFailures_startsAgainFromFirst() {
        Backoff b = new Backoff(FIRST, CAP, (from, to) -> to - 1);
        for (int i = 0; i < 10; i++) {
            b.next(null);
        }
        b.reset();
        assertThat(b.next(null)).isEqualTo(FIRST);
    }
}
