package org.smartclinic.gateway.device;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.smartclinic.drivers.link.Connector;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.transport.serial.SerialSettings;
import org.smartclinic.drivers.transport.serial.SerialTransport;

/**
 * Makes each device's {@link Connector} from its {@link TransportSpec}, and owns the transports devices share:
 * one listening socket per TCP server port, one connection per MQTT broker. Shared transports are opened on
 * first use and closed when the gateway stops.
 */
@ApplicationScoped
public class Transports {

    /** The connector of {@code spec}'s device, driven by {@code factory}'s driver. */
    public Connector connector(DeviceSpec spec, DeviceDriverFactory factory) {
        return switch (spec.transport()) {
            case TransportSpec.Serial s -> {
                SerialSettings defaults = factory.descriptor().serialDefaults();
                SerialSettings line = new SerialSettings(s.port(),
                        s.baudRate() != null ? s.baudRate() : defaults.baudRate(), defaults.dataBits(),
                        defaults.parity(), defaults.stopBits());
                yield Connector.stream(() -> new SerialTransport(line));
            }
            default -> throw new IllegalArgumentException("transport " + spec.transport().kind()
                    + " is not available in this build yet");
        };
    }

    /** Forgets what {@code spec}'s device registered with a shared transport (before it is started again). */
    public void release(DeviceSpec spec) {
    }

    @PreDestroy
    void close() {
    }
}
