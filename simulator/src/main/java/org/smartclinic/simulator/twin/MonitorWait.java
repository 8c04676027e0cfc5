package org.smartclinic.simulator.twin;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The one loop behind the twins' timed waits: wait on an object's monitor until a condition holds or a timeout
 * passes, no polling. The caller holds the monitor and tests the condition under it; whoever changes what the
 * condition reads calls {@code notifyAll()} on the same monitor.
 */
public final class MonitorWait {

    private MonitorWait() {
    }

    /**
     * Waits on {@code monitor} (held by the caller) until {@code done} holds or {@code timeout} has passed.
     *
     * @return whether {@code done} held when the wait ended
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean until(Object monitor, BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            monitor.wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
