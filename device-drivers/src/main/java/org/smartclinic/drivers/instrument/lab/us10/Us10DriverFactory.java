package org.smartclinic.drivers.instrument.lab.us10;

import java.util.EnumSet;

import org.smartclinic.drivers.lab.astm.AstmModelDriverFactory;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * The US-10 urine test strip reader: ASTM E1381/E1394 over serial 9600 8N1 (or TCP through a converter). Quirks,
 * switched on in its code table {@code us10.codes}: values right-aligned with spaces ({@code trim-values}) and
 * checksums in lower-case hex ({@code lower-case-checksum}). Ordinal results (neg, trace, +, ++, +++, norm) become
 * SNOMED CT codes; SG and pH quantities; colour and clarity text; flag A abnormal. See docs/lab-analyzers.md.
 */
public final class Us10DriverFactory extends AstmModelDriverFactory {

    /** The driver id, also the system suffix of the analyzer's own codes. */
    public static final String DRIVER_ID = "us10";

    /** For {@link java.util.ServiceLoader}; loads and checks {@code us10.codes}. */
    public Us10DriverFactory() {
        super(DRIVER_ID, "US-10 urine test strip reader",
                EnumSet.of(TransportKind.SERIAL, TransportKind.TCP_CLIENT, TransportKind.TCP_SERVER),
                SerialSettings.eightNoneOne(9600), "us10.codes");
    }
}
