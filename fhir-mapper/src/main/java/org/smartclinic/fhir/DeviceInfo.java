package org.smartclinic.fhir;

import java.util.Objects;

/**
 * What the gateway knows about an instrument, for the FHIR Device resource.
 *
 * @param deviceId     the gateway's id of the device (configuration key)
 * @param driverId     the driver id, which names the model's protocol, e.g. {@code bpm200}
 * @param displayName  the model's name for people, e.g. "BPM-200 automatic blood pressure monitor"
 * @param serialNumber the serial number (as the device reports it, else as the technician registered it), or null
 * @param station      the station the device sits at
 * @param model        the model as the device reports it, or null
 * @param firmware     the firmware version as the device reports it, or null
 */
public record DeviceInfo(String deviceId, String driverId, String displayName, String serialNumber, String station,
        String model, String firmware) {

    public DeviceInfo {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(driverId, "driverId");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(station, "station");
    }

    /** A device that never reported its model or firmware. */
    public DeviceInfo(String deviceId, String driverId, String displayName, String serialNumber, String station) {
        this(deviceId, driverId, displayName, serialNumber, station, null, null);
    }
}
