package org.smartclinic.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

/**
 * Bounds a stop. Once the JVM starts shutting down (SIGTERM, {@code systemctl stop}), a daemon thread waits
 * {@code smartclinic.shutdown-limit}; if the JVM is still there then, it says so (a WARN, and every thread's stack
 * on stderr) and halts with {@link #EXIT_CODE}. When the stop ends in time the JVM exits first and the thread dies
 * with it.
 *
 * <p>Halting is safe because a device is acknowledged only after its reading committed (the kill suites prove a
 * SIGKILL at any moment loses nothing); what it ends is a stop a library waits on forever: once in CI, Quarkus's
 * close of the HTTP server never completed and the process ignored SIGTERM for twenty minutes (docs/faults.md).
 */
final class ShutdownWatchdog {

    /** The exit code of a halted stop (as {@code timeout(1)} uses for a command it ended). */
    static final int EXIT_CODE = 124;

    private static final Logger LOG = Logger.getLogger(ShutdownWatchdog.class);
    private static final AtomicBoolean ARMED = new AtomicBoolean();
    private static volatile Duration limit = Duration.ofSeconds(30);

    private ShutdownWatchdog() {
    }

    /** Arms the watchdog for this JVM's shutdown (once per JVM; a later call only changes the limit). */
    static void arm(Duration shutdownLimit) {
        limit = shutdownLimit;
        if (ARMED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> start(limit, Runtime.getRuntime()::halt), "shutdown-watchdog-arm"));
        }
    }

    /**
     * Starts the daemon that halts through {@code halt} after {@code after}, and returns at once: a shutdown hook
     * that waited would itself hold every stop for the whole limit.
     */
    static Thread start(Duration after, IntConsumer halt) {
        return Thread.ofPlatform().daemon().name("shutdown-watchdog").start(() -> {
            try {
                Thread.sleep(after);
            } catch (InterruptedException e) {
                return;
            }
            LOG.warnf("The gateway did not stop within %s (smartclinic.shutdown-limit) and halts now with exit code"
                    + " %d; every acknowledged reading is in the journal. The threads' stacks are on stderr.",
                    after, EXIT_CODE);
            // Straight to stderr: a logging system may already have closed its handlers in the shutdown.
            System.err.println("shutdown-watchdog: the stop outlasted " + after + "; what each thread was doing:");
            System.err.println(stacks());
            System.err.flush();
            halt.accept(EXIT_CODE);
        });
    }

    /** Thread names, states and frames: code locations only, never data. */
    static String stacks() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            out.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement frame : e.getValue()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        return out.toString();
    }
}
