package org.smartclinic.fhir.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.smartclinic.drivers.Code;
import org.smartclinic.drivers.Measurement;
import org.smartclinic.fhir.MappingException;
import org.smartclinic.fhir.MappingException.Reason;
import org.smartclinic.fhir.internal.VitalSigns.VitalSign;

/**
 * The {@code code} of an Observation or component: LOINC codings first (the profile's fixed code right after them
 * when the result's own LOINC code is a more specific one), then IEEE 11073 MDC, then any other standard coding,
 * then the instrument's own code last, so an EHR that reads only the first coding reads LOINC and nothing the
 * driver knew is lost. Exact duplicates are written once.
 */
public final class ObservationCodes {

    private ObservationCodes() {
    }

    /**
     * The code that names the result: its first LOINC coding; or, for a result its code table gives no standard
     * coding at all on purpose (an empty LOINC and MDC in the table, e.g. a value LOINC has no code for), its
     * device code, so it is kept rather than dropped. A result with some standard coding but no LOINC is a gap in
     * the code table and is refused.
     */
    public static Code requireLoinc(Measurement measurement) throws MappingException {
        Optional<Code> loinc = measurement.code(Code.LOINC);
        if (loinc.isPresent()) {
            return loinc.get();
        }
        if (measurement.codes().isEmpty()) {
            return measurement.deviceCode();
        }
        throw new MappingException(Reason.NO_STANDARD_CODE, "no LOINC coding: add one for device code '"
                + measurement.deviceCode().code() + "' to the instrument's code table");
    }

    /** The ordered codings of {@code measurement}; {@code sign} is its vital sign or null. */
    public static CodeableConcept concept(Measurement measurement, VitalSign sign) {
        List<Code> ordered = new ArrayList<>(measurement.codes());
        ordered.sort(Comparator.comparingInt(ObservationCodes::rank));
        if (sign != null && sign.profileCode() != null) {
            ordered.add((int) ordered.stream().filter(c -> c.isIn(Code.LOINC)).count(), sign.profileCode());
        }
        ordered.add(measurement.deviceCode());
        CodeableConcept concept = new CodeableConcept();
        Set<String> seen = new HashSet<>();
        for (Code code : ordered) {
            if (seen.add(code.system() + "|" + code.code())) {
                concept.addCoding(coding(code));
            }
        }
        return concept;
    }

    /** One coding; an empty display is left out. */
    public static Coding coding(Code code) {
        Coding coding = new Coding().setSystem(code.system()).setCode(code.code());
        if (!code.display().isEmpty()) {
            coding.setDisplay(code.display());
        }
        return coding;
    }

    /** {@code system|code}, how messages name a code. */
    public static String describe(Code code) {
        return code.system() + "|" + code.code();
    }

    private static int rank(Code code) {
        if (code.isIn(Code.LOINC)) {
            return 0;
        }
        return code.isIn(Code.MDC) ? 1 : 2;
    }
}
