package org.smartclinic.drivers.link;

import org.smartclinic.drivers.spi.FrameOutcome;

/**
 * Observes a {@link DeviceLink}, for metrics, health and the technician's view. Calls come from the link's
 * thread; implementations must be quick and must not throw (a throwing listener is logged and ignored).
 */
public interface LinkListener {

    /** The link changed state; {@code reason} says why in words a technician understands. */
    default void stateChanged(String deviceId, LinkState state, String reason) {
    }

    /** A frame was accepted and its readings stored (possibly none, for a heartbeat). */
    default void accepted(String deviceId, FrameOutcome.Accepted frame) {
    }

    /** Input was rejected and answered as the protocol says. */
    default void rejected(String deviceId, FrameOutcome.Rejected rejected) {
    }

    /** Readings of an accepted frame could not be stored; the device got the negative answer. */
    default void storeFailed(String deviceId, Exception cause) {
    }
}
