package org.smartclinic.drivers.instrument.oximetry.ox300;

import java.util.Optional;

import org.smartclinic.drivers.DeviceStatus;

/**
 * The OX-300's status, reported only when it changes. DATA flags set it: SENSOR_OFF is READY "sensor off", else
 * LOW_SIGNAL is MEASURING "low signal", else SEARCHING is MEASURING "searching for pulse", else MEASURING "". A
 * DEVICE_ERROR text overrides that with ERROR and its text until an empty DEVICE_ERROR clears it; then the status
 * is again what the last DATA frame said.
 */
final class Ox300StatusTracker {

    private DeviceStatus fromData;
    private String error;
    private DeviceStatus reported;

    /** A DATA frame arrived; its status if that changed what was last reported. */
    Optional<DeviceStatus> data(Ox300Message.Data data) {
        fromData = data.has(Ox300Protocol.FLAG_SENSOR_OFF) ? new DeviceStatus(DeviceStatus.State.READY, "sensor off")
                : data.has(Ox300Protocol.FLAG_LOW_SIGNAL) ? measuring("low signal")
                : data.has(Ox300Protocol.FLAG_SEARCHING) ? measuring("searching for pulse")
                : measuring("");
        return changed();
    }

    /** A DEVICE_ERROR frame arrived; the new status if that changed what was last reported. */
    Optional<DeviceStatus> error(String text) {
        error = text.isEmpty() ? null : text;
        return changed();
    }

    /** Forgets everything: the next DATA frame reports its status again. */
    void reset() {
        fromData = null;
        error = null;
        reported = null;
    }

    private Optional<DeviceStatus> changed() {
        DeviceStatus now = error != null ? new DeviceStatus(DeviceStatus.State.ERROR, error) : fromData;
        if (now == null || now.equals(reported)) {
            return Optional.empty();
        }
        reported = now;
        return Optional.of(now);
    }

    private static DeviceStatus measuring(String text) {
        return new DeviceStatus(DeviceStatus.State.MEASURING, text);
    }
}
