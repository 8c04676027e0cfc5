package org.smartclinic.drivers.instrument.oximetry.ox300;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.smartclinic.drivers.codec.binary.SyncFrameDecoder;
import org.smartclinic.drivers.codec.binary.SyncFrameOutcome;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.DriverOptions;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * Service-provider entry of the {@link Ox300Driver}: id {@code ox300}, a byte stream over serial (115200 8N1) or,
 * through a serial-to-Ethernet converter, over TCP with the gateway as client or as server; quiet time 3 s (the
 * device streams 25 frames per second, so 3 s of silence means the link or the device is gone).
 *
 * <p>Device options (any other option, or a value of the wrong kind, is refused when the driver is created):
 * <ul>
 *   <li>{@value #OPTION_REPORT} = {@code interval} (default) or {@code change}: when SpO2 and pulse become a
 *       reading;</li>
 *   <li>{@value #OPTION_INTERVAL} = a duration (default {@code 10s}): with {@code interval}, the first valid
 *       frame, then the first valid frame at least this long after the last reading;</li>
 *   <li>{@value #OPTION_MIN_INTERVAL} = a duration (default {@code 2s}): with {@code change}, a reading when SpO2
 *       or pulse differs from the last reading, but not sooner than this after it.</li>
 * </ul>
 * Both durations are checked whichever mode is chosen; times are frame receive times.
 */
public final class Ox300DriverFactory implements DeviceDriverFactory {

    /** Option: {@code interval} or {@code change}. */
    public static final String OPTION_REPORT = "report";
    /** Option: reading interval in {@code interval} mode. */
    public static final String OPTION_INTERVAL = "interval";
    /** Option: shortest time between readings in {@code change} mode. */
    public static final String OPTION_MIN_INTERVAL = "min-interval";
    /** {@link #identify} gives up (NotSaid) when this many bytes hold no complete frame. */
    public static final int IDENTIFY_BYTE_LIMIT = 200;

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(Ox300Driver.DRIVER_ID,
            "OX-300 bedside pulse oximeter", "pulse-oximetry",
            EnumSet.of(TransportKind.SERIAL, TransportKind.TCP_CLIENT, TransportKind.TCP_SERVER),
            SerialSettings.eightNoneOne(115200), Duration.ofSeconds(3), List.of(
                    new DriverOption(OPTION_REPORT, "interval", "when SpO2 and pulse become a reading: interval "
                            + "(one every 'interval') or change (when a value changes, at most one every "
                            + "'min-interval'); frames with the sensor off, low signal or searching never do"),
                    new DriverOption(OPTION_INTERVAL, "10s", "with report=interval: time between readings, "
                            + "e.g. 10s, 1m; 0s reports every valid frame"),
                    new DriverOption(OPTION_MIN_INTERVAL, "2s", "with report=change: shortest time between "
                            + "readings, e.g. 2s, 500ms")));

    /** For {@link java.util.ServiceLoader}. */
    public Ox300DriverFactory() {
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * @throws IllegalArgumentException for an unknown option, a report mode other than interval or change, or a
     *                                  duration that is not one
     */
    @Override
    public StreamDriver create(DriverContext context) {
        DriverOptions options = DriverOptions.read(Ox300Driver.DRIVER_ID, DESCRIPTOR.options(), context.options());
        String report = options.choice(OPTION_REPORT, "interval", "change");
        Duration interval = options.duration(OPTION_INTERVAL);
        Duration minInterval = options.duration(OPTION_MIN_INTERVAL);
        return new Ox300Driver(context, report.equals("change") ? Ox300ReportPolicy.change(minInterval)
                : Ox300ReportPolicy.interval(interval));
    }

    /**
     * The first frame with a good CRC in {@code firstBytes} decides: an IDENTITY frame naming a serial number
     * gives it; any other frame says nothing. Without a complete frame: {@code NeedMore} below
     * {@value #IDENTIFY_BYTE_LIMIT} bytes, else {@code NotSaid}. Never throws, whatever the bytes.
     */
    @Override
    public Identification identify(byte[] firstBytes, int length) {
        if (firstBytes == null) {
            return Identification.NotSaid.INSTANCE;
        }
        int n = Math.max(0, Math.min(length, firstBytes.length));
        for (SyncFrameOutcome outcome : new SyncFrameDecoder(Ox300Protocol.FORMAT).decode(firstBytes, 0, n)) {
            if (outcome instanceof SyncFrameOutcome.Frame frame) {
                return Ox300FrameParser.parse(frame) instanceof Ox300Message.Identity i
                        && i.identity().serialNumber() != null
                        ? new Identification.SerialNumber(i.identity().serialNumber())
                        : Identification.NotSaid.INSTANCE;
            }
        }
        return n < IDENTIFY_BYTE_LIMIT ? Identification.NeedMore.INSTANCE : Identification.NotSaid.INSTANCE;
    }
}
