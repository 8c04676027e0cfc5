package org.smartclinic.drivers.transport.mqtt;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What happens to a {@link MqttConnection}, queued from the client's threads, the device links and {@code close()} for
 * its supervision thread, which waits here (never sleeps). Each event names the network connection (generation)
 * it is about; events about an earlier one are ignored.
 */
final class MqttEvents {

    /** Why a connected period ended. */
    sealed interface End permits Lost, Redeliver, Stop {
    }

    /** The network connection dropped. */
    record Lost(long generation, Throwable cause) implements End {
    }

    /** Unacknowledged messages should come again: reconnect, at once ({@code now}) or when the pacer allows. */
    record Redeliver(long generation, String reason, boolean now) implements End {
    }

    /** The connection is being closed. */
    enum Stop implements End { INSTANCE }

    private final LinkedBlockingQueue<End> queue = new LinkedBlockingQueue<>();
    private final MqttRedeliveryPacer pacer;

    MqttEvents(MqttRedeliveryPacer pacer) {
        this.pacer = pacer;
    }

    void lost(long generation, Throwable cause) {
        queue.add(new Lost(generation, cause));
    }

    void redeliver(long generation, String reason, boolean now) {
        queue.add(new Redeliver(generation, reason, now));
    }

    void stop() {
        queue.add(Stop.INSTANCE);
    }

    /**
     * Waits until connection {@code generation} has to end: lost, stopped, or a redelivery is due (a paced one
     * once the pacer allows it; the first request counts, later ones until then add nothing).
     */
    End awaitEnd(long generation) throws InterruptedException {
        Redeliver pending = null;
        while (true) {
            long wait = pending == null ? -1 : pacer.nanosUntilAllowed(System.nanoTime());
            End event = wait < 0 ? queue.take() : queue.poll(wait, TimeUnit.NANOSECONDS);
            switch (event) {
                case null -> {
                    return pending;
                }
                case Stop stop -> {
                    return stop;
                }
                case Lost lost when lost.generation() == generation -> {
                    return lost;
                }
                case Redeliver r when r.generation() == generation && r.now() -> {
                    return r;
                }
                case Redeliver r when r.generation() == generation -> pending = pending == null ? r : pending;
                default -> { }
            }
        }
    }

    /** Waits out a backoff {@code delay}; false if the connection was stopped meanwhile. */
    boolean waitOut(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + delay.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            if (queue.poll(left, TimeUnit.NANOSECONDS) instanceof Stop) {
                return false;
            }
        }
    }
}
