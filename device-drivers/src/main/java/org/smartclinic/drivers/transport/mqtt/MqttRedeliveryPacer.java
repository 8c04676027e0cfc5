package org.smartclinic.drivers.transport.mqtt;

import java.time.Duration;

/**
 * How often a connection may reconnect to have messages redelivered: at most once per period, the period starting
 * at the initial backoff and doubling (up to the maximum) with each redelivery reconnect, back to the initial one
 * once a message was acknowledged. A journal that keeps failing so costs a reconnect every few seconds at most,
 * not a storm; a single failure is retried at once. Times are {@link System#nanoTime()} values.
 */
final class MqttRedeliveryPacer {

    private final long initial;
    private final long max;
    private long period;
    private long last;
    private boolean reconnectedBefore;
    private volatile boolean acknowledged;

    MqttRedeliveryPacer(Duration initial, Duration max) {
        this.initial = initial.toNanos();
        this.max = max.toNanos();
        this.period = this.initial;
    }

    /** Nanoseconds from {@code now} until a redelivery reconnect is allowed; 0 if it is now. */
    synchronized long nanosUntilAllowed(long now) {
        resetIfAcknowledged();
        return reconnectedBefore ? Math.max(0, last + period - now) : 0;
    }

    /** A redelivery reconnect happens at {@code now}. */
    synchronized void reconnected(long now) {
        resetIfAcknowledged();
        if (reconnectedBefore && now - last < 2 * period) {
            period = Math.min(max, period * 2);
        }
        last = now;
        reconnectedBefore = true;
    }

    /** A message was acknowledged: the next period is the initial one again. */
    void acknowledged() {
        acknowledged = true;
    }

    private void resetIfAcknowledged() {
        if (acknowledged) {
            acknowledged = false;
            period = initial;
        }
    }
}
