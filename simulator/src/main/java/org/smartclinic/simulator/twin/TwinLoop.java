package org.smartclinic.simulator.twin;

import java.io.IOException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.simulator.twin.internal.Connection;
import org.smartclinic.simulator.twin.internal.Plugging;

/** The twin's thread: wait for a plug, take its next connection, let the behaviour run on it; and its context. */
final class TwinLoop implements TwinContext {

    private static final Logger LOG = LoggerFactory.getLogger(TwinLoop.class);

    private final Twin twin;
    private final byte[] discard = new byte[1024];
    private volatile Thread thread;

    TwinLoop(Twin twin) {
        this.twin = twin;
    }

    /** Starts the daemon thread {@code twin-<name>}. */
    void start() {
        Thread t = new Thread(this::run, "twin-" + twin.name());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Once the twin is closing: waits up to {@code wait} for the thread to end, then interrupts a behaviour that has
     * not noticed and waits as long again. Returns at once when called from the thread itself.
     */
    void awaitEnd(Duration wait) {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(wait.toMillis());
            if (t.isAlive()) {
                LOG.warn("twin {}: behaviour still busy {} after close; interrupting it", twin.name(), wait);
                t.interrupt();
                t.join(wait.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            Plugging plugging;
            while ((plugging = twin.awaitPlugging()) != null) {
                Connection connection = accept(plugging);
                if (connection != null) {
                    twin.converse(connection);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("twin {} crashed: its behaviour failed; the device stays silent until closed", twin.name(), e);
        }
    }

    private Connection accept(Plugging plugging) throws InterruptedException {
        try {
            return plugging.accept(Twin.ACCEPT_WAIT);
        } catch (IOException e) {
            LOG.warn("twin {}: no connection at {}: {}", twin.name(), plugging.where(), e.toString());
            twin.pause(Twin.ACCEPT_WAIT);
            return null;
        }
    }

    /** The device is on but has nothing to say: what the gateway sends is read and dropped until the end. */
    void discardUntilEnd(TwinPort port) throws IOException {
        while (!isClosing() && port.read(discard, Twin.ACCEPT_WAIT) >= 0) {
            // Dropped on purpose.
        }
    }

    @Override
    public String name() {
        return twin.name();
    }

    @Override
    public boolean isClosing() {
        return twin.isClosing();
    }

    @Override
    public void unplugFor(Duration delay) {
        twin.unplugFor(delay);
    }
}
