package org.smartclinic.gateway.uplink;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.smartclinic.fhir.PatientMapper;
import org.smartclinic.fhir.PatientRecord;
import org.smartclinic.gateway.journal.PatientRecords;

/**
 * Creates a patient registered while the EHR was out of reach: a conditional create on their first identifier, so
 * a gateway that registered the same person first (or a retry after a lost answer) leaves one Patient; the
 * reference the EHR gives is recorded on the patient and their exams.
 */
@ApplicationScoped
public class PatientUplink {

    @Inject
    PatientRecords patients;

    @Inject
    EhrClient ehr;

    /** Empty if the patient is gone or already linked (nothing to send). */
    Optional<List<String>> createUpstream(String patientId) {
        Optional<PatientRecords.Patient> p = patients.get(patientId);
        if (p.isEmpty() || p.get().identifiers().isEmpty()) {
            return Optional.empty();
        }
        if (p.get().ehrRef() != null) {
            return Optional.of(List.of(p.get().ehrRef()));
        }
        PatientRecords.Patient patient = p.get();
        String ref = ehr.createPatient(PatientMapper.toFhir(new PatientRecord(patient.identifiers(), patient.family(),
                patient.given() == null ? List.of() : List.of(patient.given().split("\\s+")), patient.birthDate(),
                patient.gender())), patient.identifiers().getFirst());
        patients.linkToEhr(patientId, ref).join();
        return Optional.of(List.of(ref));
    }
}
