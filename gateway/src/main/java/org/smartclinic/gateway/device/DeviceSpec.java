package org.smartclinic.gateway.device;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One instrument as registered: from {@code smartclinic.devices.<id>.*} (see {@link DeviceSpecs}) or added by the
 * embedded demo.
 *
 * @param serialNumber the serial number the technician registered, or null
 * @param quietTime    null for the driver's default
 */
public record DeviceSpec(String id, String driverId, String station, TransportSpec transport, String serialNumber,
        ZoneId zone, Duration quietTime, Map<String, String> options, boolean enabled) {

    public DeviceSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(driverId, "driverId");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(zone, "zone");
        options = Map.copyOf(options);
    }

    /** A serial device with the driver's defaults, as the demo and tests register them. */
    public static DeviceSpec of(String id, String driverId, String station, TransportSpec transport,
            String serialNumber) {
        return new DeviceSpec(id, driverId, station, transport, serialNumber, ZoneId.systemDefault(), null, Map.of(),
                true);
    }

    public Optional<String> serialNumberIfKnown() {
        return Optional.ofNullable(serialNumber);
    }
}
