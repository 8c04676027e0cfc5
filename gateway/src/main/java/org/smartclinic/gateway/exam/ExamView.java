package org.smartclinic.gateway.exam;

import java.time.Instant;

import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.journal.Exam;

/**
 * An exam as the API shows it.
 *
 * @param status     OPEN or CLOSED
 * @param patientId  the gateway's patient id ({@code GET /api/patients/{id}})
 * @param closesAt   when it closes itself if nobody closes it
 * @param closeNote  how it was closed when not by a person (e.g. automatically after its maximum duration)
 * @param ehrPatient the patient's reference on the EHR, once found or created there
 * @param ehr        "linked" once the EHR knows the patient, else "pending: why" (readings still bind and are
 *                   delivered with the patient created by identifier when the EHR is back)
 */
public record ExamView(String id, String station, String patientId, PatientIdentifier patient, String status,
        Instant openedAt, Instant closesAt, Instant closedAt, String closeNote, String conclusion, String ehrPatient,
        String ehr) {

    public static ExamView of(Exam e, String ehrNote) {
        return new ExamView(e.id(), e.station(), e.patientId(), e.patient(), e.isOpen() ? "OPEN" : "CLOSED",
                e.openedAt(), e.closesAt(), e.closedAt(), e.closeNote(), e.conclusion(), e.ehrPatient(),
                ehrNote != null ? ehrNote : e.ehrPatient() != null ? "linked" : "pending");
    }

    public static ExamView of(Exam e) {
        return of(e, null);
    }
}
