package org.smartclinic.drivers.spi;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Service-provider entry of a driver: registered in
 * {@code META-INF/services/org.smartclinic.drivers.spi.DeviceDriverFactory}.
 */
public interface DeviceDriverFactory {

    DriverDescriptor descriptor();

    /** A fresh driver for one device. */
    DeviceDriver create(DriverContext context);

    /** The factory whose descriptor id is {@code driverId}, among those on the class path. */
    static Optional<DeviceDriverFactory> find(String driverId) {
        return ServiceLoader.load(DeviceDriverFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(f -> f.descriptor().id().equals(driverId))
                .findFirst();
    }
}
