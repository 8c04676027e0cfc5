package org.smartclinic.gateway.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class DeviceClockTest {

    static final DeviceClock.Settings S = BindingPolicy.defaults().clock();
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    /** A clock {@code offset} behind the gateway's, confirmed by live readings over 12 minutes. */
    static DeviceClock confirmed(Duration offset) {
        DeviceClock c = DeviceClock.empty();
        for (int i = 0; i <= 12; i++) {
            Instant t = T0.plus(Duration.ofMinutes(i));
            c = c.judge(t.minus(offset), t.plusMillis(300), S).after();
        }
        return c;
    }

    @Test
    void human_underTwoMinutes_writesSecondsWithOneDecimalAsPrintfWould() {
        for (long ms = 0; ms < 120_000; ms++) {
            assertThat(DeviceClock.human(ms)).isEqualTo(String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0));
        }
        assertThat(DeviceClock.human(3 * 3_600_000L + 120_000)).isEqualTo("3 h 2 min");
    }

    @Test
    void judge_noDeviceTime_isTheToleranceBeforeReceipt() {
        DeviceClock.Timing t = DeviceClock.empty().judge(null, T0, S).timing();

        assertThat(t.from()).isEqualTo(T0.minusSeconds(5));
        assertThat(t.to()).isEqualTo(T0);
        assertThat(t.source()).isEqualTo("received");
    }

    @Test
    void judge_confirmedTrustedClock_isTheToleranceBeforeTheCorrectedTime() {
        DeviceClock clock = confirmed(Duration.ofSeconds(20));
        assertThat(clock.trusted(S)).isTrue();
        Instant measured = T0.plus(Duration.ofMinutes(30));

        DeviceClock.Timing t = clock.judge(measured.minusSeconds(20), measured.plusMillis(800), S).timing();

        assertThat(t.to()).isEqualTo(measured.plusMillis(300));
        assertThat(t.from()).isEqualTo(measured.plusMillis(300).minusSeconds(5));
        assertThat(t.effectiveTime()).isEqualTo(measured.minusSeconds(20));
        assertThat(t.note()).isNull();
    }

    @Test
    void judge_lateDeliveryFromTrustedClock_reachesBackToTheMeasurementAndSaysSo() {
        DeviceClock clock = confirmed(Duration.ZERO);
        Instant measured = T0.plus(Duration.ofMinutes(30));
        Instant received = measured.plus(Duration.ofHours(2));

        DeviceClock.Timing t = clock.judge(measured, received, S).timing();

        assertThat(t.from()).isBefore(measured).isAfter(measured.minusSeconds(6));
        assertThat(t.to()).isEqualTo(received);
        assertThat(t.effectiveTime()).isEqualTo(measured);
        assertThat(t.note()).contains("received 2 h after");
    }

    @Test
    void judge_clockFarBehind_isNotTrustedAndStatesReceiveTime() {
        DeviceClock clock = confirmed(Duration.ofMinutes(45));
        Instant received = T0.plus(Duration.ofMinutes(40));

        DeviceClock.Timing t = clock.judge(received.minus(Duration.ofMinutes(45)), received, S).timing();

        assertThat(clock.trusted(S)).isFalse();
        assertThat(t.from()).isEqualTo(received.minusSeconds(5));
        assertThat(t.effectiveTime()).isEqualTo(received);
        assertThat(t.note()).contains("45 min behind").contains("not trusted");
    }

    @Test
    void judge_resetClock_neverStatesItsTimeUnflagged() {
        Instant received = T0;
        Instant year2000 = Instant.parse("2000-01-01T00:03:00Z");

        DeviceClock.Timing first = DeviceClock.empty().judge(year2000, received, S).timing();

        assertThat(first.effectiveTime()).isEqualTo(received);
        assertThat(first.note()).contains("2000-01-01");
        assertThat(first.from()).isBefore(year2000);
    }

    @Test
    void judge_clockAheadOnFirstReading_startIsUnknown() {
        DeviceClock.Timing t = DeviceClock.empty().judge(T0.plusSeconds(60), T0, S).timing();

        assertThat(t.from()).isNull();
        assertThat(t.note()).contains("ahead");
    }

    @Test
    void judge_clockJumpedAhead_startIsUnknownThenTheNewOffsetIsUsed() {
        DeviceClock clock = confirmed(Duration.ZERO);
        Instant received = T0.plus(Duration.ofMinutes(20));

        DeviceClock.Judgement jumped = clock.judge(received.plus(Duration.ofHours(1)), received, S);

        assertThat(jumped.timing().from()).isNull();
        assertThat(jumped.timing().note()).contains("jumped 1 h ahead");
        assertThat(jumped.after().offset()).isEqualTo(Duration.ofHours(-1));
        assertThat(jumped.after().confirmed(S.tolerance())).isFalse();
    }

    @Test
    void judge_firstReadingLateThenALiveOne_theLiveOneIsTimedNotHeldAsAClockJump() {
        Instant measured = T0;
        DeviceClock afterLate = DeviceClock.empty().judge(measured, measured.plusSeconds(12), S).after();
        Instant live = T0.plusSeconds(60);

        DeviceClock.Timing t = afterLate.judge(live, live.plusMillis(400), S).timing();

        assertThat(t.from()).isEqualTo(live.minusSeconds(5));
        assertThat(t.to()).isEqualTo(live.plusMillis(400));
        assertThat(t.note()).isNull();
    }

    @Test
    void withSample_keepsOnlySamplesThatMayBecomeTheSmallest() {
        DeviceClock c = DeviceClock.empty();
        for (int i = 0; i < 200; i++) {
            Instant t = T0.plusSeconds(i * 30L);
            c = c.judge(t.minusMillis(1000 + (i % 7) * 100), t, S).after();
        }

        assertThat(c.samples().size()).isLessThanOrEqualTo(DeviceClock.MAX_SAMPLES);
        assertThat(c.offset()).isEqualTo(Duration.ofMillis(1000));
        for (int i = 1; i < c.samples().size(); i++) {
            assertThat(c.samples().get(i).offsetMs()).isGreaterThan(c.samples().get(i - 1).offsetMs());
        }
    }
}
