package org.smartclinic.drivers.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MqttRedeliveryPacerTest {

    private static final long MS = 1_000_000;
    private final MqttRedeliveryPacer pacer = new MqttRedeliveryPacer(Duration.ofMillis(200), Duration.ofMillis(1000));

    @Test
    void firstRedelivery_isAllowedAtOnce() {
        assertThat(pacer.nanosUntilAllowed(0)).isZero();
    }

    @Test
    void retriesKeepComing_periodDoublesUpToTheCap() {
        long t = 1000 * MS;
        pacer.reconnected(t);
        assertThat(pacer.nanosUntilAllowed(t)).isEqualTo(200 * MS);
        t += 200 * MS;
        pacer.reconnected(t);
        assertThat(pacer.nanosUntilAllowed(t)).isEqualTo(400 * MS);
        t += 400 * MS;
        pacer.reconnected(t);
        t += 800 * MS;
        pacer.reconnected(t);
        assertThat(pacer.nanosUntilAllowed(t)).isEqualTo(1000 * MS);
    }

    @Test
    void acknowledgedInBetween_periodIsTheInitialOneAgain() {
        long t = 1000 * MS;
        pacer.reconnected(t);
        pacer.reconnected(t + 200 * MS);
        pacer.acknowledged();

        assertThat(pacer.nanosUntilAllowed(t + 200 * MS)).isEqualTo(200 * MS);
    }
}
