package org.smartclinic.simulator.twin;

import java.time.Duration;
import java.util.Objects;

/**
 * The thread of a twin that produces on its own, not on a line (an export file, an MQTT message): one daemon thread
 * that runs a step at once and then once every interval, until the step says it is done or the twin is closed.
 * Its open/closed state is the twin's: {@link #isClosed()} answers for the twin, and {@link #pause} lets the twin's
 * own slow work (a file written in chunks) end its waits early when it is closed.
 *
 * <p>{@link #close()} cuts the pause short and waits a few seconds for a step in progress to end; it never
 * interrupts the thread, so a step writing a file or publishing a message finishes it cleanly.
 */
public final class ProducerThread implements AutoCloseable {

    /** One turn of the producer, on its thread. */
    @FunctionalInterface
    public interface Step {
        /** Produces once; false when there is nothing more to produce. Must not throw. */
        boolean produce();
    }

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Duration interval;
    private final Step step;
    private final Object lock = new Object();
    private boolean closed;
    private Thread thread;

    /**
     * @param name     the thread's name
     * @param interval pause after each step
     * @param step     what to do each turn
     */
    public ProducerThread(String name, Duration interval, Step step) {
        this.name = Objects.requireNonNull(name, "name");
        this.interval = Checks.notNegative(interval, "interval");
        this.step = Objects.requireNonNull(step, "step");
    }

    /**
     * Starts the thread.
     *
     * @throws IllegalStateException if it was started before, or closed
     */
    public void start() {
        synchronized (lock) {
            if (thread != null || closed) {
                throw new IllegalStateException(name + " starts once");
            }
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Waits {@code duration} unless closed first; true if still open (false also when interrupted). */
    public boolean pause(Duration duration) {
        synchronized (lock) {
            try {
                return !MonitorWait.until(lock, () -> closed, duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Closes, then waits for a step in progress to end. Idempotent. */
    @Override
    public void close() {
        stop();
    }

    /**
     * Closes, then waits for a step in progress to end.
     *
     * @return true if this call closed it, false if it was closed already
     */
    public boolean stop() {
        Thread t;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            lock.notifyAll();
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(CLOSE_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return true;
    }

    private void run() {
        boolean more = step.produce();
        while (more && pause(interval)) {
            more = step.produce();
        }
    }
}
