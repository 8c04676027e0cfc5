package org.smartclinic.drivers.transport.tcp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.smartclinic.drivers.spi.DeviceDriver;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.TransportKind;

/**
 * A test protocol whose first message is the line {@code ID:<serial>\n}: enough to exercise identification by
 * serial number. It has no driver; only {@link #identify} is used.
 */
public final class LineIdFactory implements DeviceDriverFactory {

    private static final byte[] PREFIX = "ID:".getBytes(StandardCharsets.US_ASCII);
    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor("line-id", "Test line-id protocol",
            "test", EnumSet.of(TransportKind.TCP_SERVER), null, Duration.ZERO, List.of());

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public DeviceDriver create(DriverContext context) {
        throw new UnsupportedOperationException("identification only");
    }

    @Override
    public Identification identify(byte[] firstBytes, int length) {
        for (int i = 0; i < Math.min(length, PREFIX.length); i++) {
            if (firstBytes[i] != PREFIX[i]) {
                return Identification.NotSaid.INSTANCE;
            }
        }
        for (int i = PREFIX.length; i < length; i++) {
            if (firstBytes[i] == '\n') {
                return new Identification.SerialNumber(
                        new String(firstBytes, PREFIX.length, i - PREFIX.length, StandardCharsets.US_ASCII));
            }
        }
        return Identification.NeedMore.INSTANCE;
    }
}
