package org.smartclinic.drivers.instrument.lab.el30;

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
 * Service-provider entry of the {@link El30Driver}: id {@code el30}, a byte stream over serial (9600 8N1) or,
 * through a serial-to-Ethernet converter, over TCP. No quiet time: the analyzer is silent between samples (it sends
 * no heartbeat), so silence says nothing about the link.
 *
 * <p>Device options: {@value #OPTION_BARE_LINE_ENDS} = {@code true|false} (default {@code false}): accept a lone CR
 * or a lone LF as a line end. Any other option, or another value, is refused when the driver is created.
 */
public final class El30DriverFactory implements DeviceDriverFactory {

    /** Option: {@code true} to accept lone CR or LF line ends. */
    public static final String OPTION_BARE_LINE_ENDS = "accept-bare-line-ends";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(El30Driver.DRIVER_ID,
            "EL-30 electrolyte analyzer", "laboratory",
            EnumSet.of(TransportKind.SERIAL, TransportKind.TCP_CLIENT, TransportKind.TCP_SERVER),
            SerialSettings.eightNoneOne(9600), Duration.ZERO,
            List.of(new DriverOption(OPTION_BARE_LINE_ENDS, "false",
                    "true: accept a lone CR or a lone LF as a line end (printer-port adapters that strip one)")));

    /** For {@link java.util.ServiceLoader}. */
    public El30DriverFactory() {
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws IllegalArgumentException for an unknown option or a value other than true/false */
    @Override
    public StreamDriver create(DriverContext context) {
        DriverOptions options = DriverOptions.read(El30Driver.DRIVER_ID, DESCRIPTOR.options(), context.options());
        return new El30Driver(context, options.bool(OPTION_BARE_LINE_ENDS));
    }
}
