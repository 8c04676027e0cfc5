package org.smartclinic.fhir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.HumanName.NameUse;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/**
 * Maps a {@link PatientRecord} to a FHIR R4 {@link Patient} for registration, and a Patient found on the EHR back
 * to a record. Pure functions, thread-safe.
 *
 * <h2>{@link #toFhir}</h2>
 * Every identifier (system and value); one {@code HumanName} with use {@code official}, family and given names;
 * {@code birthDate} as a date; {@code gender}. Nothing else: the EHR owns the rest of the record.
 *
 * <h2>{@link #fromFhir}</h2>
 * <ul>
 *   <li>identifiers that have both a system and a value (one without either cannot be searched as a token, so it
 *       cannot become a {@link PatientIdentifier});</li>
 *   <li>the name: the first {@code official} HumanName, else the first {@code usual}, else the first without a
 *       {@code use}; a nickname, old, maiden, temporary or anonymous name is never taken for the patient's name;</li>
 *   <li>{@code birthDate} only when recorded to the day: FHIR allows a year or a year and month, which is not a
 *       {@link LocalDate} and is not made one by guessing the rest (null instead);</li>
 *   <li>{@code gender} as its code.</li>
 * </ul>
 */
public final class PatientMapper {

    private PatientMapper() {
    }

    /**
     * The Patient to register for {@code record}.
     *
     * @throws IllegalArgumentException if the record has neither an identifier nor a name: nobody could find that
     *                                  patient again
     */
    public static Patient toFhir(PatientRecord record) {
        Objects.requireNonNull(record, "record");
        if (record.identifiers().isEmpty() && !record.hasName()) {
            throw new IllegalArgumentException("a patient to register needs an identifier or a name");
        }
        Patient patient = new Patient();
        for (PatientIdentifier id : record.identifiers()) {
            patient.addIdentifier().setSystem(id.system()).setValue(id.value());
        }
        if (record.hasName()) {
            HumanName name = patient.addName().setUse(NameUse.OFFICIAL).setFamily(record.family());
            record.given().forEach(name::addGiven);
        }
        if (record.birthDate() != null) {
            patient.setBirthDateElement(new DateType(record.birthDate().toString()));
        }
        if (record.gender() != null) {
            patient.setGender(AdministrativeGender.fromCode(record.gender()));
        }
        return patient;
    }

    /** The record of {@code patient} as found on the EHR (see the class comment for what is taken). */
    public static PatientRecord fromFhir(Patient patient) {
        Objects.requireNonNull(patient, "patient");
        List<PatientIdentifier> identifiers = new ArrayList<>();
        for (Identifier id : patient.getIdentifier()) {
            if (id.hasSystem() && id.hasValue() && !id.getSystem().isBlank() && !id.getValue().isBlank()) {
                identifiers.add(new PatientIdentifier(id.getSystem(), id.getValue()));
            }
        }
        Optional<HumanName> name = name(patient);
        return new PatientRecord(identifiers, name.map(HumanName::getFamily).orElse(null),
                name.map(n -> n.getGiven().stream().map(StringType::getValue).toList()).orElse(List.of()),
                birthDate(patient), patient.hasGender() ? patient.getGender().toCode() : null);
    }

    private static Optional<HumanName> name(Patient patient) {
        for (NameUse use : new NameUse[] {NameUse.OFFICIAL, NameUse.USUAL, null}) {
            Optional<HumanName> found = patient.getName().stream().filter(n -> n.getUse() == use).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static LocalDate birthDate(Patient patient) {
        DateType date = patient.getBirthDateElement();
        if (date.isEmpty() || date.getPrecision() != TemporalPrecisionEnum.DAY) {
            return null;
        }
        return LocalDate.parse(date.getValueAsString());
    }
}
