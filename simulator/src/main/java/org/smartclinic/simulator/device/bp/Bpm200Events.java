package org.smartclinic.simulator.device.bp;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.simulator.twin.Twin;

/**
 * What the engine (plug and connection events) and the behaviour (settled measurements) report, told to a
 * {@link Bpm200Twin.Listener} in its terms. A listener that throws on a settled measurement is logged and ignored,
 * as the engine does for its own events, so it never stops the twin.
 *
 * @param listener the twin's listener
 * @param pty      whether the twin is plugged as a pseudo-terminal (then {@code plugged(Path)} is told too)
 */
record Bpm200Events(Bpm200Twin.Listener listener, boolean pty) implements Twin.Listener, Consumer<Bpm200Twin.Settled> {

    private static final Logger LOG = LoggerFactory.getLogger(Bpm200Twin.class);

    @Override
    public void plugged(String where) {
        if (pty) {
            listener.plugged(Path.of(where));
        }
        listener.pluggedIn(where);
    }

    @Override
    public void unplugged() {
        listener.unplugged();
    }

    @Override
    public void connected(String peer) {
        listener.connected(peer);
    }

    @Override
    public void accept(Bpm200Twin.Settled settled) {
        try {
            listener.settled(settled);
        } catch (RuntimeException e) {
            LOG.warn("BPM-200 twin listener failed; ignored", e);
        }
    }
}
