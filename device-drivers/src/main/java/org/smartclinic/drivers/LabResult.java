package org.smartclinic.drivers;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a laboratory result carries beyond its value: the reference range the analyzer printed, its abnormal flags
 * (as sent and as FHIR interpretation codes), the result status, and a note for the clinician (e.g. why a result is
 * kept with the analyzer's own code only). Vitals have none ({@link Measurement#lab()} is null).
 *
 * @param range           the reference range, or null when the analyzer sent none
 * @param deviceFlags     the abnormal flags exactly as the analyzer sent them (e.g. {@code H}, {@code LL}); may be
 *                        empty
 * @param interpretations the flags as codes of {@link #INTERPRETATION_SYSTEM} (the driver's code table maps them);
 *                        may be empty. A flag the table does not know stays in {@code deviceFlags} only
 * @param status          final, preliminary, corrected or cancelled (the analyzer could not produce a value)
 * @param note            a remark for the clinician written into the Observation's note, or null; never patient data
 */
public record LabResult(Range range, List<String> deviceFlags, List<Code> interpretations, Status status,
        String note) {

    /** FHIR's code system for {@code Observation.interpretation} (HL7 v3 ObservationInterpretation). */
    public static final String INTERPRETATION_SYSTEM =
            "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    public LabResult {
        deviceFlags = List.copyOf(deviceFlags);
        interpretations = List.copyOf(interpretations);
        Objects.requireNonNull(status, "status");
        interpretations.forEach(c -> {
            if (!c.isIn(INTERPRETATION_SYSTEM)) {
                throw new IllegalArgumentException("an interpretation must be coded in " + INTERPRETATION_SYSTEM
                        + ", was " + c.system());
            }
        });
    }

    /** A final result with nothing else to say. */
    public static LabResult plain() {
        return new LabResult(null, List.of(), List.of(), Status.FINAL, null);
    }

    /** The result status, as FHIR's {@code Observation.status} knows it. */
    public enum Status {
        /** Verified and released (ASTM {@code F}, also {@code R}: sent before). */
        FINAL,
        /** Not yet verified (ASTM {@code P}, {@code I}, {@code S}). */
        PRELIMINARY,
        /** Replaces a result sent before (ASTM {@code C}). */
        CORRECTED,
        /** The analyzer could not produce a value (ASTM {@code X}); the measurement's value says why, as text. */
        CANCELLED
    }

    /**
     * A reference range: numeric limits in the unit the analyzer wrote (the result's own unit unless the analyzer
     * said otherwise), and the analyzer's text, e.g. {@code 4.0-6.0} or {@code <5}. Either limit may be missing
     * ({@code <5} has only {@code high}).
     *
     * @param low  lower limit or null
     * @param high upper limit or null
     * @param unit the limits' unit as the analyzer wrote it; may be empty for a unitless quantity, never null
     * @param text the range as the analyzer sent it, never null
     */
    public record Range(BigDecimal low, BigDecimal high, String unit, String text) {
        public Range {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(text, "text");
            if (low != null && high != null && low.compareTo(high) > 0) {
                throw new IllegalArgumentException("reference range low " + low + " above high " + high);
            }
        }
    }
}
