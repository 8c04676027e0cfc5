package org.smartclinic.drivers.link;

import org.smartclinic.drivers.DeviceIdentity;
import org.smartclinic.drivers.DeviceStatus;
import org.smartclinic.drivers.StreamedWaveform;
import org.smartclinic.drivers.spi.Outcome;

/**
 * Observes a {@link DeviceLink}, for metrics, health, the live bus and the technician's view. Calls come from the
 * link's thread; implementations must be quick and must not block (a throwing listener is logged and ignored).
 */
public interface LinkListener {

    /** The link changed state; {@code reason} says why in words a technician understands. */
    default void stateChanged(String deviceId, LinkState state, String reason) {
    }

    /** A frame or message was accepted, its readings stored (possibly none, for a heartbeat) and acknowledged. */
    default void accepted(String deviceId, Outcome.Accepted accepted) {
    }

    /**
     * A frame identical to the one just acknowledged was not answered again: the device's retransmission crossed the
     * acknowledgement ({@link org.smartclinic.drivers.spi.StreamDriver#crossedRetransmissionWindow()}).
     */
    default void answerWithheld(String deviceId, Outcome.Accepted accepted) {
    }

    /** Input was rejected and answered as the protocol says. */
    default void rejected(String deviceId, Outcome.Rejected rejected) {
    }

    /** Readings could not be stored; the device got the negative answer (or the message was left for later). */
    default void storeFailed(String deviceId, Outcome.Accepted accepted, Exception cause) {
    }

    /** The device reported its state. */
    default void status(String deviceId, DeviceStatus status) {
    }

    /** The device reported who it is. */
    default void identity(String deviceId, DeviceIdentity identity) {
    }

    /** A chunk of a streamed signal arrived; hand it on without blocking. */
    default void waveform(String deviceId, StreamedWaveform waveform) {
    }

    /** Input was thrown away unread because the link could not keep up (a flooding device). */
    default void dropped(String deviceId, int bytes) {
    }
}
