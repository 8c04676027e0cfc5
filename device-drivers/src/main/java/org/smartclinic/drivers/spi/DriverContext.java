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
 * @param hosts      answers to the device's host queries (analyzers asking which patient a sample is for)
 */
public record DriverContext(String deviceId, ZoneId deviceZone, Map<String, String> options, HostQueries hosts) {

    public DriverContext {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(deviceZone, "deviceZone");
        options = Map.copyOf(options);
        Objects.requireNonNull(hosts, "hosts");
    }

    /** A context whose host queries all get "no information". */
    public DriverContext(String deviceId, ZoneId deviceZone, Map<String, String> options) {
        this(deviceId, deviceZone, options, HostQueries.NONE);
    }

    public static DriverContext of(String deviceId, ZoneId deviceZone) {
        return new DriverContext(deviceId, deviceZone, Map.of());
    }
}
