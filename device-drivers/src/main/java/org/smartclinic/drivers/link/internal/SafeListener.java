package org.smartclinic.drivers.link.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.FrameOutcome;

/** Wraps a {@link LinkListener} so that a throwing listener is logged and ignored, never fatal to the link. */
public final class SafeListener implements LinkListener {

    private static final Logger LOG = LoggerFactory.getLogger(SafeListener.class);

    private final LinkListener delegate;

    public SafeListener(LinkListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void stateChanged(String deviceId, LinkState state, String reason) {
        call(deviceId, "stateChanged", () -> delegate.stateChanged(deviceId, state, reason));
    }

    @Override
    public void accepted(String deviceId, FrameOutcome.Accepted frame) {
        call(deviceId, "accepted", () -> delegate.accepted(deviceId, frame));
    }

    @Override
    public void rejected(String deviceId, FrameOutcome.Rejected rejected) {
        call(deviceId, "rejected", () -> delegate.rejected(deviceId, rejected));
    }

    @Override
    public void storeFailed(String deviceId, Exception cause) {
        call(deviceId, "storeFailed", () -> delegate.storeFailed(deviceId, cause));
    }

    private static void call(String deviceId, String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: link listener failed in {}; ignored", deviceId, what, e);
        }
    }
}
