package org.smartclinic.gateway.journal;

import java.time.Instant;

import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.fhir.PatientIdentifier;

/**
 * An exam: one patient at one station from opening to closing. While open, every reading of a device at that
 * station binds to it.
 *
 * @param ehrPatient the Patient's reference on the EHR once known (e.g. {@code Patient/123}), else null
 */
public record Exam(String id, String station, PatientIdentifier patient, Instant openedAt, Instant closedAt,
        String ehrPatient) {

    public boolean isOpen() {
        return closedAt == null;
    }

    public ExamBinding binding() {
        return new ExamBinding(id, station, patient, openedAt);
    }
}
