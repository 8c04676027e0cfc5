package org.smartclinic.drivers.instrument.bp.bpm200;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * Service-provider entry of the {@link Bpm200Driver}: id {@code bpm200}, 9600 8N1, quiet time 15 s (the device
 * sends a heartbeat at least every 5 s, so three missed heartbeats mean the link is dead).
 *
 * <p>Device options: {@value #OPTION_ACCEPT_LONE_LF} = {@code true|false} (default {@code false}): accept frames
 * that end in LF without CR. Any other option, or another value, is refused when the driver is created, so a typo
 * in a device's configuration fails at start-up instead of being silently ignored.
 */
public final class Bpm200DriverFactory implements DeviceDriverFactory {

    /** Option: {@code true} to accept frames ending in a lone LF. */
    public static final String OPTION_ACCEPT_LONE_LF = "accept-lone-lf";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(Bpm200Driver.DRIVER_ID,
            "BPM-200 automatic blood pressure monitor", "blood-pressure", SerialSettings.eightNoneOne(9600),
            Duration.ofSeconds(15));

    /** For {@link java.util.ServiceLoader}. */
    public Bpm200DriverFactory() {
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** @throws IllegalArgumentException for an unknown option or a value other than true/false */
    @Override
    public DeviceDriver create(DriverContext context) {
        return new Bpm200Driver(context, acceptLoneLf(context));
    }

    private static boolean acceptLoneLf(DriverContext context) {
        Set<String> unknown = new TreeSet<>(context.options().keySet());
        unknown.remove(OPTION_ACCEPT_LONE_LF);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(Bpm200Driver.DRIVER_ID + ": unknown option(s) " + unknown
                    + "; known: " + OPTION_ACCEPT_LONE_LF);
        }
        String value = context.options().getOrDefault(OPTION_ACCEPT_LONE_LF, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(Bpm200Driver.DRIVER_ID + ": option " + OPTION_ACCEPT_LONE_LF
                    + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
