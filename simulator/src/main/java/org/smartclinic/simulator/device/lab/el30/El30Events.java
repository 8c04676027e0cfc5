package org.smartclinic.simulator.device.lab.el30;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.simulator.twin.Twin;

/**
 * What the engine (plug and connection events) and the behaviour (settled reports) report, told to an
 * {@link El30Twin.Listener}. A listener that throws on a settled report is logged and ignored, so it never stops
 * the twin.
 */
record El30Events(El30Twin.Listener listener) implements Twin.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(El30Twin.class);

    @Override
    public void plugged(String where) {
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

    void settled(El30Twin.Settled settled) {
        try {
            listener.settled(settled);
        } catch (RuntimeException e) {
            LOG.warn("EL-30 twin listener failed; ignored", e);
        }
    }
}
