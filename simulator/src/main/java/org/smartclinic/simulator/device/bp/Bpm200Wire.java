package org.smartclinic.simulator.device.bp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;

import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.smartclinic.drivers.instrument.bp.bpm200.Bpm200Protocol;

/**
 * What the BPM-200 twin puts on the wire, built with {@link Bpm200Protocol} so twin and driver share one
 * definition: measurement and heartbeat frame bodies, pressures in the unit the device shows.
 */
final class Bpm200Wire {

    private static final BigDecimal KPA_PER_MMHG = kPaPerMmHg();

    private Bpm200Wire() {
    }

    /** The body of a measurement frame; pressures converted to kPa with one decimal when the device shows kPa. */
    static String measurementBody(int seq, LocalDateTime time, Bpm200Twin.BpValues v, String unit) {
        return Bpm200Protocol.measurementBody(seq, time, pressure(v.systolic(), unit), pressure(v.diastolic(), unit),
                v.mean() == null ? "" : pressure(v.mean(), unit), v.pulse() == null ? "" : v.pulse().toString(),
                unit);
    }

    static String heartbeatBody(int seq, LocalDateTime time) {
        return Bpm200Protocol.statusBody(seq, time, "READY");
    }

    private static String pressure(int mmHg, String unit) {
        if (Bpm200Protocol.UNIT_MMHG.equals(unit)) {
            return Integer.toString(mmHg);
        }
        return BigDecimal.valueOf(mmHg).multiply(KPA_PER_MMHG).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** The factor from the UCUM tables, not typed in by hand. */
    private static BigDecimal kPaPerMmHg() {
        try (InputStream essence = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (essence == null) {
                throw new IllegalStateException("ucum-essence.xml missing from the class path");
            }
            Decimal one = new UcumEssenceService(essence).convert(new Decimal(1), "mm[Hg]", "kPa");
            return new BigDecimal(one.asDecimal());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UcumException e) {
            throw new IllegalStateException("UCUM cannot convert mm[Hg] to kPa", e);
        }
    }
}
