package org.smartclinic.drivers.spi;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Service-provider entry of a driver: registered in
 * {@code META-INF/services/org.smartclinic.drivers.spi.DeviceDriverFactory}. This is the one registry of every
 * driver shape; a driver is a small descriptor plus a factory of per-device instances.
 */
public interface DeviceDriverFactory {

    DriverDescriptor descriptor();

    /**
     * A fresh driver for one device: a {@link StreamDriver} when the descriptor's transports are streams, a
     * {@link MessageDriver} otherwise.
     *
     * @throws IllegalArgumentException for options the driver does not understand (see {@link DriverOptions})
     */
    DeviceDriver create(DriverContext context);

    /**
     * Who sent {@code firstBytes}, the first bytes of a connection to a shared TCP server port, when the protocol's
     * first message names the device (an identity frame, an ASTM header). Used to route a connection to the device
     * registered with that serial number; the bytes are then fed to the device's driver as well, nothing is lost.
     * The default: this protocol does not identify itself.
     */
    default Identification identify(byte[] firstBytes, int length) {
        return Identification.NotSaid.INSTANCE;
    }

    /** What {@link #identify} found. */
    sealed interface Identification {
        /** The bytes so far do not hold a whole first message yet. */
        enum NeedMore implements Identification { INSTANCE }

        /** The first message does not say (or this protocol never does). */
        enum NotSaid implements Identification { INSTANCE }

        /** The first message names the device by its serial number. */
        record SerialNumber(String serialNumber) implements Identification {
        }
    }

    /** Every driver on the class path. */
    static List<DeviceDriverFactory> all() {
        return ServiceLoader.load(DeviceDriverFactory.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    /** The factory whose descriptor id is {@code driverId}, among those on the class path. */
    static Optional<DeviceDriverFactory> find(String driverId) {
        return all().stream().filter(f -> f.descriptor().id().equals(driverId)).findFirst();
    }
}
