package org.smartclinic.drivers.lab.astm;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.drivers.lab.LabCodeTableException;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.DriverOptions;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * The generic driver {@value #DRIVER_ID} for any analyzer speaking ASTM E1381 / E1394 (LIS1-A / LIS2-A2): serial
 * (9600 8N1 unless configured), TCP as client or as server. All mapping comes from the code table file named by
 * option {@value AstmDriverOptions#CODE_TABLE}; without it, or with one that does not load, the device refuses to
 * start, with the file and line named. Other options: {@link AstmDriverOptions}.
 */
public final class AstmLis2DriverFactory implements DeviceDriverFactory {

    /** The driver id, also the system suffix of the analyzer's own codes. */
    public static final String DRIVER_ID = "astm-lis2";

    private static final List<DriverOption> OPTIONS = AstmDriverOptions.declared(true);
    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(DRIVER_ID,
            "Generic LIS2-A2 lab analyzer (ASTM E1381/E1394, code table from a file)", "lab-analyzer",
            EnumSet.of(TransportKind.SERIAL, TransportKind.TCP_CLIENT, TransportKind.TCP_SERVER),
            SerialSettings.eightNoneOne(9600), Duration.ZERO, OPTIONS);

    /** For {@link java.util.ServiceLoader}. */
    public AstmLis2DriverFactory() {
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * @throws IllegalArgumentException when {@value AstmDriverOptions#CODE_TABLE} is missing or its file does not
     *                                  load (the message names the file and line), or for a bad option
     */
    @Override
    public StreamDriver create(DriverContext context) {
        String file = DriverOptions.read(DRIVER_ID, OPTIONS, context.options()).text(AstmDriverOptions.CODE_TABLE);
        if (file.isEmpty()) {
            throw new IllegalArgumentException(DRIVER_ID + ": option " + AstmDriverOptions.CODE_TABLE
                    + " is required: the path of the analyzer's code table file (see docs/astm.md)");
        }
        LabCodeTable table;
        try {
            table = LabCodeTable.load(Path.of(file));
        } catch (InvalidPathException | LabCodeTableException e) {
            throw new IllegalArgumentException(DRIVER_ID + ": code table not usable: " + e.getMessage(), e);
        }
        AstmDriverOptions options = AstmDriverOptions.resolve(DRIVER_ID, OPTIONS, context.options(), table);
        return new AstmDriver(DRIVER_ID, context, table, options);
    }

    /** The serial number in H-5 of the first frame (a connection to a shared TCP server port). */
    @Override
    public Identification identify(byte[] firstBytes, int length) {
        return AstmIdentify.identify(firstBytes, length);
    }
}
