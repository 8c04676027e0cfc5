package org.smartclinic.drivers.instrument.lab.ch200;

import java.util.EnumSet;

import org.smartclinic.drivers.lab.astm.AstmModelDriverFactory;
import org.smartclinic.drivers.spi.TransportKind;

/**
 * The CH-200 clinical chemistry analyzer: ASTM E1381/E1394 over TCP (the gateway as server or as client), several
 * patients and orders per message, several results per order. The test code is component 4 of R-3, the dilution
 * factor component 5 ({@code ^^^ALT^1}); R records longer than 240 characters (reagent lot, calibration, QC text
 * from R-14 on) continue in intermediate (ETB) frames, as the standard has it. Code table {@code ch200.codes}.
 * See docs/lab-analyzers.md.
 */
public final class Ch200DriverFactory extends AstmModelDriverFactory {

    /** The driver id, also the system suffix of the analyzer's own codes. */
    public static final String DRIVER_ID = "ch200";

    /** For {@link java.util.ServiceLoader}; loads and checks {@code ch200.codes}. */
    public Ch200DriverFactory() {
        super(DRIVER_ID, "CH-200 clinical chemistry analyzer",
                EnumSet.of(TransportKind.TCP_CLIENT, TransportKind.TCP_SERVER),
                null, "ch200.codes");
    }
}
