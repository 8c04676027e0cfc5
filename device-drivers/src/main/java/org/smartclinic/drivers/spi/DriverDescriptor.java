package org.smartclinic.drivers.spi;

import java.time.Duration;
import java.util.Objects;

import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * What a driver is: its id (the {@code driver} value in a device's configuration), a name for people, the
 * instrument family, its serial line defaults, and how long the line may stay quiet before the link is
 * considered dead.
 *
 * @param id            stable driver id, lower case, e.g. {@code bpm200}
 * @param displayName   e.g. "BPM-200 automatic blood pressure monitor"
 * @param family        e.g. {@code blood-pressure}
 * @param serialDefaults line settings used when the device configuration names none (path left empty)
 * @param quietTime     the longest silence the protocol allows (it sends heartbeats more often than this)
 */
public record DriverDescriptor(
        String id, String displayName, String family, SerialSettings serialDefaults, Duration quietTime) {

    public DriverDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(serialDefaults, "serialDefaults");
        Objects.requireNonNull(quietTime, "quietTime");
    }
}
