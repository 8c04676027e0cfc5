package org.smartclinic.simulator.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a console command running until it is done or the user stops it. Ctrl-C and SIGTERM run the JVM's
 * shutdown hooks: the hook releases the main thread as if the command were done, and waits a few seconds for it to
 * close its twin and print its totals (the process then exits with 130 or 143, as for any signal).
 */
final class UntilStopped implements AutoCloseable {

    private static final long WAIT_FOR_MAIN_SECONDS = 7;

    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    UntilStopped(String command) {
        hook = new Thread(this::onSignal, command + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command has nothing more to do. */
    void done() {
        done.countDown();
    }

    /** Item {@code number} of {@code count} is through: done after the last one; a count of 0 never ends. */
    void done(int number, int count) {
        if (count > 0 && number >= count) {
            done();
        }
    }

    /** Waits until {@link #done()}, a signal, or {@code limit} has passed; a limit of ZERO waits without one. */
    void await(Duration limit) throws InterruptedException {
        if (limit.isZero()) {
            done.await();
        } else {
            done.await(limit.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** The main thread has finished its output; a signal's hook may let the JVM end. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running and returns now that we are finished.
        }
    }

    private void onSignal() {
        done.countDown();
        try {
            finished.await(WAIT_FOR_MAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
