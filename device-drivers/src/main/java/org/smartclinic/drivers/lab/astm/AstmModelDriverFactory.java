package org.smartclinic.drivers.lab.astm;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.smartclinic.drivers.lab.LabCodeTable;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.drivers.spi.DriverContext;
import org.smartclinic.drivers.spi.DriverDescriptor;
import org.smartclinic.drivers.spi.DriverOption;
import org.smartclinic.drivers.spi.StreamDriver;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * The factory of an analyzer model's {@link AstmDriver}: a descriptor and a code table bundled next to the model's
 * factory class, loaded (and checked) once when the factory is made. A model's factory is a constructor call. Quiet
 * time zero: an idle analyzer is silent. Options: {@link AstmDriverOptions#declared(boolean)} without a code table.
 */
public abstract class AstmModelDriverFactory implements DeviceDriverFactory {

    private static final List<DriverOption> OPTIONS = AstmDriverOptions.declared(false);

    private final DriverDescriptor descriptor;
    private final LabCodeTable table;

    /**
     * @param codeTable  the code table resource's name, next to the concrete factory class
     * @param serial     serial defaults, or null when the model has no serial port
     * @throws org.smartclinic.drivers.lab.LabCodeTableException if the bundled table is missing or malformed
     */
    protected AstmModelDriverFactory(String id, String displayName, Set<TransportKind> transports,
            SerialSettings serial, String codeTable) {
        this.descriptor = new DriverDescriptor(id, displayName, "lab-analyzer", transports, serial, Duration.ZERO,
                OPTIONS);
        this.table = LabCodeTable.load(getClass(), codeTable);
    }

    @Override
    public DriverDescriptor descriptor() {
        return descriptor;
    }

    /** The bundled code table. */
    public LabCodeTable codeTable() {
        return table;
    }

    /** @throws IllegalArgumentException for an unknown option or a value of the wrong kind */
    @Override
    public StreamDriver create(DriverContext context) {
        AstmDriverOptions options = AstmDriverOptions.resolve(descriptor.id(), OPTIONS, context.options(), table);
        return new AstmDriver(descriptor.id(), context, table, options);
    }

    /** The serial number in H-5 of the first frame (a connection to a shared TCP server port). */
    @Override
    public Identification identify(byte[] firstBytes, int length) {
        return AstmIdentify.identify(firstBytes, length);
    }
}
