package org.smartclinic.fhir;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the gateway registers about a patient on the EHR, or reads back from an EHR search ({@link PatientMapper}).
 *
 * @param identifiers the patient's business identifiers (national id, insurance number); may be empty for a patient
 *                    known only by name and birth date
 * @param family      the family name, or null; blank counts as null
 * @param given       the given names in order, possibly empty (null counts as empty); blank names are left out
 * @param birthDate   the birth date, or null when unknown (or recorded on the EHR to less than a day)
 * @param gender      the FHIR administrative-gender code ({@code male}, {@code female}, {@code other},
 *                    {@code unknown}), or null when not recorded
 */
public record PatientRecord(List<PatientIdentifier> identifiers, String family, List<String> given,
        LocalDate birthDate, String gender) {

    /** The codes of FHIR R4 value set administrative-gender (required binding of {@code Patient.gender}). */
    public static final Set<String> GENDERS = Set.of("male", "female", "other", "unknown");

    public PatientRecord {
        identifiers = List.copyOf(Objects.requireNonNull(identifiers, "identifiers"));
        family = family == null || family.isBlank() ? null : family;
        given = given == null ? List.of() : given.stream().filter(g -> g != null && !g.isBlank()).toList();
        if (gender != null && !GENDERS.contains(gender)) {
            throw new IllegalArgumentException("gender must be one of " + GENDERS + " (FHIR administrative-gender)"
                    + " or null, was '" + gender + "'");
        }
    }

    /** True when the record names the patient: a family or a given name. */
    public boolean hasName() {
        return family != null || !given.isEmpty();
    }
}
