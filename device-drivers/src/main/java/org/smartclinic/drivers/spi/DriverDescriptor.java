package org.smartclinic.drivers.spi;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * What a driver is, as data: its id (the {@code driver} value in a device's configuration), a name for people,
 * the instrument family, its shape, the transports it works over, its serial line defaults, how long its device
 * may stay quiet before the link is considered dead, and the options it understands.
 *
 * @param id             stable driver id, lower case, e.g. {@code bpm200}
 * @param displayName    e.g. "BPM-200 automatic blood pressure monitor"
 * @param family         e.g. {@code blood-pressure}
 * @param transports     the transports it supports; all of one shape (stream for a {@link StreamDriver}, message
 *                       for a {@link MessageDriver}); a device configured on another is refused at start
 * @param serialDefaults line settings used when the device configuration names none (path left empty); null when
 *                       the driver does not support {@link TransportKind#SERIAL}
 * @param quietTime      the longest silence the protocol allows (it sends heartbeats more often than this);
 *                       {@link Duration#ZERO} when silence is normal (message devices, export folders)
 * @param options        the options a device's configuration may set
 */
public record DriverDescriptor(String id, String displayName, String family, Set<TransportKind> transports,
        SerialSettings serialDefaults, Duration quietTime, List<DriverOption> options) {

    public DriverDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(quietTime, "quietTime");
        if (transports.isEmpty()) {
            throw new IllegalArgumentException(id + ": a driver supports at least one transport");
        }
        transports = Set.copyOf(EnumSet.copyOf(transports));
        options = List.copyOf(options);
        long streams = transports.stream().filter(TransportKind::isStream).count();
        if (streams != 0 && streams != transports.size()) {
            throw new IllegalArgumentException(id + ": a driver's transports are all streams or all messages");
        }
        if (transports.contains(TransportKind.SERIAL) != (serialDefaults != null)) {
            throw new IllegalArgumentException(id + ": serial defaults are given exactly when serial is supported");
        }
    }

    /** True if its devices send byte streams (and its driver is a {@link StreamDriver}). */
    public boolean streams() {
        return transports.iterator().next().isStream();
    }

    public boolean supports(TransportKind kind) {
        return transports.contains(kind);
    }
}
