package org.smartclinic.drivers.link.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.link.LinkListener;
import org.smartclinic.drivers.link.LinkState;
import org.smartclinic.drivers.spi.Outcome;

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
    public void accepted(String deviceId, Outcome.Accepted accepted) {
        call(deviceId, "accepted", () -> delegate.accepted(deviceId, accepted));
    }

    @Override
    public void answerWithheld(String deviceId, Outcome.Accepted accepted) {
        call(deviceId, "answerWithheld", () -> delegate.answerWithheld(deviceId, accepted));
    }

    @Override
    public void rejected(String deviceId, Outcome.Rejected rejected) {
        call(deviceId, "rejected", () -> delegate.rejected(deviceId, rejected));
    }

    @Override
    public void storeFailed(String deviceId, Outcome.Accepted accepted, Exception cause) {
        call(deviceId, "storeFailed", () -> delegate.storeFailed(deviceId, accepted, cause));
    }

    @Override
    public void status(String deviceId, DeviceStatus status) {
        call(deviceId, "status", () -> delegate.status(deviceId, status));
    }

    @Override
    public void identity(String deviceId, DeviceIdentity identity) {
        call(deviceId, "identity", () -> delegate.identity(deviceId, identity));
    }

    @Override
    public void waveform(String deviceId, StreamedWaveform waveform) {
        call(deviceId, "waveform", () -> delegate.waveform(deviceId, waveform));
    }

    @Override
    public void dropped(String deviceId, int bytes) {
        call(deviceId, "dropped", () -> delegate.dropped(deviceId, bytes));
    }

    private static void call(String deviceId, String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: link listener failed in {}; ignored", deviceId, what, e);
        }
    }
}
