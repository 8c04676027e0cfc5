package org.smartclinic.drivers.instrument.iot.vitalsjson;

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
 * Service-provider entry of the {@link VitalsJsonDriver}: id {@code vitals-json}, whole messages over MQTT only,
 * no quiet time (a device publishes when it measures), no options. The schemas (message and batch envelope) are
 * compiled once per factory, on the first driver it creates, and shared by all of them.
 */
public final class VitalsJsonDriverFactory implements DeviceDriverFactory {

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(VitalsJsonDriver.DRIVER_ID,
            "IoT vitals device (MQTT JSON, smartclinic.vitals/1)", "vitals", EnumSet.of(TransportKind.MQTT), null,
            Duration.ZERO, List.of());

    private volatile VitalsJsonSchema schema;
    private volatile VitalsJsonSchema batchSchema;

    /** For {@link java.util.ServiceLoader}. */
    public VitalsJsonDriverFactory() {
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws IllegalArgumentException for any option: this driver takes none */
    @Override
    public MessageDriver create(DriverContext context) {
        DriverOptions.read(VitalsJsonDriver.DRIVER_ID, DESCRIPTOR.options(), context.options());
        loadSchemas();
        return new VitalsJsonDriver(context, schema, batchSchema);
    }

    private void loadSchemas() {
        if (batchSchema == null) {
            synchronized (this) {
                if (batchSchema == null) {
                    schema = VitalsJsonSchema.load();
                    batchSchema = VitalsJsonSchema.loadBatch();
                }
            }
        }
    }
}
