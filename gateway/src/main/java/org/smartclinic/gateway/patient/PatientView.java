package org.smartclinic.gateway.patient;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.smartclinic.gateway.journal.PatientRecords;

/**
 * A patient as the API shows it.
 *
 * @param id          the gateway's id of the patient ({@code POST /api/exams} takes it as {@code patientId})
 * @param identifiers each with its system's short name when it is a configured one
 * @param ehrRef      the Patient on the EHR, once known
 * @param ehr         {@code linked}, or {@code pending}: registered here, created on the EHR when it is reachable
 */
public record PatientView(String id, List<IdentifierView> identifiers, String family, String given,
        LocalDate birthDate, String gender, String ehrRef, String ehr) {

    /** One identifier; {@code name} is the configured short name of its system ({@code snils}), if any. */
    public record IdentifierView(String name, String system, String value) {
    }

    static PatientView of(PatientRecords.Patient p, Map<String, String> systemNames) {
        return new PatientView(p.id(), p.identifiers().stream()
                .map(i -> new IdentifierView(systemNames.get(i.system()), i.system(), i.value())).toList(),
                p.family(), p.given(), p.birthDate(), p.gender(), p.ehrRef(), p.ehrRef() == null ? "pending" : "linked");
    }
}
