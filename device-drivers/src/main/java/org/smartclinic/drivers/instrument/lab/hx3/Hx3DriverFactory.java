package org.smartclinic.drivers.instrument.lab.hx3;

import java.util.EnumSet;

import org.smartclinic.drivers.lab.astm.AstmModelDriverFactory;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * The HX-3 3-part-differential haematology analyzer: ASTM E1381/E1394 over serial 19200 8N1 (or TCP through a
 * converter), one message per sample with 20 R records under an order {@code ^^^CBC} (the CBC panel), flags L, H,
 * LL, HH, A, morphology remarks as C records after the result they concern (the result's note). Its code table
 * {@code hx3.codes}; MID#, MID% and P-LCR have no LOINC code there (none verified), so they carry the analyzer's
 * code only. See docs/lab-analyzers.md.
 */
public final class Hx3DriverFactory extends AstmModelDriverFactory {

    /** The driver id, also the system suffix of the analyzer's own codes. */
    public static final String DRIVER_ID = "hx3";

    /** For {@link java.util.ServiceLoader}; loads and checks {@code hx3.codes}. */
    public Hx3DriverFactory() {
        super(DRIVER_ID, "HX-3 3-part-diff haematology analyzer",
                EnumSet.of(TransportKind.SERIAL, TransportKind.TCP_CLIENT, TransportKind.TCP_SERVER),
                SerialSettings.eightNoneOne(19200), "hx3.codes");
    }
}
