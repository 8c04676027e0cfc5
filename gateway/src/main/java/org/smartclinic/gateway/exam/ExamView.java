package org.smartclinic.gateway.exam;

import java.time.Instant;

import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.journal.Exam;

/**
 * An exam as the API shows it.
 *
 * @param status     OPEN or CLOSED
 * @param ehrPatient the patient's reference on the EHR, once found or created there
 * @param ehr        "linked" once the EHR knows the patient, else "pending: why" (readings still bind and are
 *                   delivered with the patient created by identifier when the EHR is back)
 */
public record ExamView(String id, String station, PatientIdentifier patient, String status, Instant openedAt,
        Instant closedAt, String ehrPatient, String ehr) {

    static ExamView of(Exam e, String ehrNote) {
        return new ExamView(e.id(), e.station(), e.patient(), e.isOpen() ? "OPEN" : "CLOSED", e.openedAt(),
                e.closedAt(), e.ehrPatient(), ehrNote != null ? ehrNote : e.ehrPatient() != null ? "linked" : "pending");
    }

    static ExamView of(Exam e) {
        return of(e, null);
    }
}
