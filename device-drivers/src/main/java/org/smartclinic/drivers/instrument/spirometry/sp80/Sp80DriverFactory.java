package org.smartclinic.drivers.instrument.spirometry.sp80;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOptions;
import org.smartclinic.drivers.spi.MessageDriver;
import org.smartclinic.drivers.spi.TransportKind;

/**
 * Service-provider entry of the {@link Sp80Driver}: id {@code sp80}, whole export files from a folder, no serial
 * line, no quiet time (a spirometer exports only when a test is done; silence is normal). It takes no options: any
 * option set for the device is refused when the driver is created, so a typo does not go unnoticed.
 */
public final class Sp80DriverFactory implements DeviceDriverFactory {

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(Sp80Driver.DRIVER_ID,
            "SP-80 spirometer (export files)", "spirometry", EnumSet.of(TransportKind.FOLDER), null, Duration.ZERO,
            List.of());

    /** For {@link java.util.ServiceLoader}. */
    public Sp80DriverFactory() {
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws IllegalArgumentException for any option: the driver has none */
    @Override
    public MessageDriver create(DriverContext context) {
        DriverOptions.read(Sp80Driver.DRIVER_ID, DESCRIPTOR.options(), context.options());
        return new Sp80Driver(context);
    }
}
