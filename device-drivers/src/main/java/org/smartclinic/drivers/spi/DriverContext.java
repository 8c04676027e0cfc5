package org.smartclinic.drivers.spi;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What a driver instance needs to know about the device it serves.
 *
 * @param deviceId   the gateway's id of the device; goes into every {@link org.smartclinic.drivers.Reading}
 * @param deviceZone the zone of the device's clock, for protocols whose timestamps carry no offset
 * @param options    driver-specific options from the device's configuration; documented by each driver
 */
public record DriverContext(String deviceId, ZoneId deviceZone, Map<String, String> options) {

    public DriverContext {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceZone, "deviceZone");
        options = Map.copyOf(options);
    }

    public static DriverContext of(String deviceId, ZoneId deviceZone) {
        return new DriverContext(deviceId, deviceZone, Map.of());
    }
}
