package org.smartclinic.drivers.instrument.lab.lp100;

import java.util.EnumSet;

import org.smartclinic.drivers.lab.astm.AstmModelDriverFactory;
import org.smartclinic.drivers.spi.TransportKind;
import org.smartclinic.drivers.transport.serial.SerialSettings;

/**
 * The LP-100 point-of-care analyzer (HbA1c, lipid panel, CRP, urine albumin/creatinine; one cartridge per run):
 * ASTM E1381/E1394 over serial 9600 8N1 (or TCP through a converter), one record per frame. Its code table
 * {@code lp100.codes} maps the cartridges' test codes (LOINC, moles where it sends mmol/L), the order code
 * {@code LIPID} to the lipid panel, and flags L, H, N, &lt;, &gt;. It asks for the patient on every sample scan
 * ({@code Q|1|^<sample>||^^^ALL||||||||O}), answered by the driver as host. See docs/lab-analyzers.md.
 */
public final class Lp100DriverFactory extends AstmModelDriverFactory {

    /** The driver id, also the system suffix of the analyzer's own codes. */
    public static final String DRIVER_ID = "lp100";

    /** For {@link java.util.ServiceLoader}; loads and checks {@code lp100.codes}. */
    public Lp100DriverFactory() {
        super(DRIVER_ID, "LP-100 point-of-care analyzer (HbA1c, lipids, CRP, urine ACR)",
                EnumSet.of(TransportKind.SERIAL, TransportKind.TCP_CLIENT, TransportKind.TCP_SERVER),
                SerialSettings.eightNoneOne(9600), "lp100.codes");
    }
}
