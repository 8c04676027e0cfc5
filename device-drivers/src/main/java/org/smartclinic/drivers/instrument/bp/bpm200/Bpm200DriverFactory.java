package org.smartclinic.drivers.instrument.bp.bpm200;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.DriverOptions;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * Service-provider entry of the {@link Bpm200Driver}: id {@code bpm200}, a byte stream over serial (9600 8N1) or,
 * through a serial-to-Ethernet converter, over TCP with the gateway as client or as server; quiet time 15 s (the
 * device sends a heartbeat at least every 5 s, so three missed heartbeats mean the link is dead).
 *
 * <p>Device options: {@value #OPTION_ACCEPT_LONE_LF} = {@code true|false} (default {@code false}): accept frames
 * that end in LF without CR. Any other option, or another value, is refused when the driver is created.
 */
public final class Bpm200DriverFactory implements DeviceDriverFactory {

    /** Option: {@code true} to accept frames ending in a lone LF. */
    public static final String OPTION_ACCEPT_LONE_LF = "accept-lone-lf";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(Bpm200Driver.DRIVER_ID,
            "BPM-200 automatic blood pressure monitor", "blood-pressure",
            EnumSet.of(TransportKind.SERIAL, TransportKind.TCP_CLIENT, TransportKind.TCP_SERVER),
            SerialSettings.eightNoneOne(9600), Duration.ofSeconds(15),
            List.of(new DriverOption(OPTION_ACCEPT_LONE_LF, "false",
                    "true: accept frames that end in LF without CR (some converters strip the CR)")));

    /** For {@link java.util.ServiceLoader}. */
    public Bpm200DriverFactory() {
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws IllegalArgumentException for an unknown option or a value other than true/false */
    @Override
    public StreamDriver create(DriverContext context) {
        DriverOptions options = DriverOptions.read(Bpm200Driver.DRIVER_ID, DESCRIPTOR.options(), context.options());
        return new Bpm200Driver(context, options.bool(OPTION_ACCEPT_LONE_LF));
    }
}
