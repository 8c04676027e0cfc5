package org.smartclinic.simulator.device.bp;

import java.time.Duration;
import java.util.function.Predicate;

/** The twin's counters, updated by its thread, read and awaited by others. */
final class TwinCounters {

    int measurementsSent;
    int acked;
    int nakked;
    int timeouts;
    int retransmissions;
    int givenUp;
    int framesWritten;

    synchronized void update(java.util.function.Consumer<TwinCounters> change) {
        change.accept(this);
        notifyAll();
    }

    synchronized Bpm200Twin.Stats snapshot() {
        return new Bpm200Twin.Stats(measurementsSent, acked, nakked, timeouts, retransmissions, givenUp,
                framesWritten);
    }

    /** Waits until {@code condition} holds; false if it did not within {@code timeout} or on interrupt. */
    synchronized boolean await(Predicate<TwinCounters> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.test(this)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
