package org.smartclinic.gateway.device;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.smartclinic.gateway.config.GatewayConfig;

/**
 * One instrument as registered: from {@code smartclinic.devices.<id>.*} or added by the demo.
 *
 * @param quietTime null for the driver's default
 * @param baudRate  null for the driver's default
 */
public record DeviceSpec(String id, String driverId, String station, String serialNumber, ZoneId zone,
        Duration quietTime, String port, Integer baudRate, Map<String, String> options, boolean enabled) {

    public DeviceSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(driverId, "driverId");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(port, "port");
        options = Map.copyOf(options);
    }

    /** The spec of {@code smartclinic.devices.<id>}. */
    public static DeviceSpec fromConfig(String id, GatewayConfig.Device d) {
        ZoneId zone;
        try {
            zone = d.zone().map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("smartclinic.devices." + id + ".zone: '" + d.zone().orElse("")
                    + "' is not a time zone; use a region id such as Europe/Moscow or an offset such as +03:00", e);
        }
        return new DeviceSpec(id, d.driver(), d.station(), d.serialNumber().orElse(null), zone,
                d.quietTime().orElse(null), d.serial().port(), d.serial().baudRate().orElse(null), d.options(),
                d.enabled());
    }

    public Optional<String> serialNumberIfKnown() {
        return Optional.ofNullable(serialNumber);
    }
}
