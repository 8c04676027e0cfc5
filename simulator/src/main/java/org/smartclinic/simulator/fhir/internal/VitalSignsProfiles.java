package org.smartclinic.simulator.fhir.internal;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The FHIR R4 vital-signs profiles (observation-vitalsigns.html) an Observation with category {@code vital-signs}
 * must conform to, chosen by its LOINC code, whether or not it claims them in {@code meta.profile}: R4 says every
 * vital-signs Observation SHALL conform, and the cloud EHR may enforce it.
 *
 * <p>The gateway's mapper has its own copy of this table on purpose: the sandbox plays the EHR and must judge
 * what the mapper sends from its own reading of the spec, not from the mapper's (and the simulator may not
 * depend on fhir-mapper).
 */
public final class VitalSignsProfiles {

    public static final String LOINC = "http://loinc.org";
    public static final String VITAL_SIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
    private static final String BASE = "http://hl7.org/fhir/StructureDefinition/";

    /** LOINC code to profile, from the R4 vital signs table. */
    private static final Map<String, String> BY_LOINC = Map.ofEntries(
            Map.entry("85354-9", BASE + "bp"),
            Map.entry("8867-4", BASE + "heartrate"),
            Map.entry("2708-6", BASE + "oxygensat"),
            Map.entry("59408-5", BASE + "oxygensat"),
            Map.entry("8310-5", BASE + "bodytemp"),
            Map.entry("29463-7", BASE + "bodyweight"),
            Map.entry("8302-2", BASE + "bodyheight"),
            Map.entry("9843-4", BASE + "headcircum"),
            Map.entry("39156-5", BASE + "bmi"),
            Map.entry("9279-1", BASE + "resprate"));

    private VitalSignsProfiles() {
    }

    /** The profiles {@code observation} must conform to; empty unless its category is {@code vital-signs}. */
    public static Set<String> profilesFor(Observation observation) {
        if (!isVitalSign(observation)) {
            return Set.of();
        }
        Set<String> profiles = new LinkedHashSet<>();
        if (observation.hasCode() && observation.getCode().hasCoding()) {
            for (Coding coding : observation.getCode().getCoding()) {
                if (LOINC.equals(coding.getSystem()) && BY_LOINC.containsKey(coding.getCode())) {
                    profiles.add(BY_LOINC.get(coding.getCode()));
                }
            }
        }
        return profiles.isEmpty() ? Set.of(VITAL_SIGNS) : profiles;
    }

    /** Every LOINC code that selects a specific profile, for warming the validator up. */
    public static List<String> loincCodes() {
        return List.copyOf(BY_LOINC.keySet());
    }

    /** Category code {@code vital-signs}, whatever its system: a wrong system must fail the profile, not skip it. */
    private static boolean isVitalSign(Observation observation) {
        if (!observation.hasCategory()) {
            return false;
        }
        for (CodeableConcept category : observation.getCategory()) {
            if (category.hasCoding()
                    && category.getCoding().stream().anyMatch(c -> "vital-signs".equals(c.getCode()))) {
                return true;
            }
        }
        return false;
    }
}
