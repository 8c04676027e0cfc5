package org.smartclinic.gateway.journal;

import java.time.Duration;
import java.time.Instant;

import org.smartclinic.fhir.ExamBinding;
import org.smartclinic.fhir.PatientIdentifier;

/**
 * An exam: one patient at one station from opening to closing (or to its automatic close).
 *
 * @param patient    the patient's identifier the exam was opened with; null when the patient is known on the EHR
 *                   only by reference
 * @param patientId  the patient's local record ({@code /api/patients/{id}}); null for exams of journals older than
 *                   version 3
 * @param closesAt   when it closes itself if nobody closes it; null for exams of journals older than version 3
 * @param closeNote  how it was closed (e.g. automatically after its maximum duration), or null
 * @param ehrPatient the Patient's reference on the EHR once known (e.g. {@code Patient/123}), else null
 */
public record Exam(String id, String station, PatientIdentifier patient, String patientId, Instant openedAt,
        Instant closedAt, Instant closesAt, String closeNote, String conclusion, String ehrPatient) {

    public boolean isOpen() {
        return closedAt == null;
    }

    /** The end of the period the exam collects readings in: its close, or its automatic close while open. */
    public Instant end(Duration maxDuration) {
        Instant auto = closesAt != null ? closesAt : openedAt.plus(maxDuration);
        return closedAt != null && closedAt.isBefore(auto) ? closedAt : auto;
    }

    /** The binding of version 1 to this exam. */
    public ExamBinding binding() {
        return binding(1, null, null);
    }

    public ExamBinding binding(int version, Instant effectiveTime, String timeNote) {
        return new ExamBinding(id, station, patient, ehrPatient, openedAt, version, effectiveTime, timeNote);
    }
}
