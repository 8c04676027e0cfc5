package org.smartclinic.fhir;

import java.time.Instant;
import java.util.Objects;

/**
 * The explicit rule that attached a reading to a patient's exam, and the time the gateway decided the reading
 * was taken. The gateway's binding engine decides; the mapper only writes down what it decided.
 *
 * @param examId           the gateway's exam id; becomes the Encounter's identifier
 * @param station          the station (room) of the exam
 * @param patient          the patient's business identifier, or null when the patient is known on the EHR only by
 *                         {@code patientReference} (found there by name and birth date, without an identifier)
 * @param patientReference the Patient's id on the EHR (e.g. {@code Patient/123}) once known, else null: then the
 *                         bundle creates the Patient by {@code patient} conditionally
 * @param openedAt         when the exam was opened; the Encounter's period start
 * @param version          1 for the first binding of a reading; each re-assignment after upload counts up, and
 *                         Observations of version 2+ get identifiers of their own (the earlier ones are marked
 *                         entered-in-error upstream and must not be matched by the new conditional create)
 * @param effectiveTime    the reading's effective time as the gateway decided it (device time when its clock is
 *                         trusted, else receive time); null: the reading's own {@code effectiveTime()}
 * @param timeNote         why the effective time is not the device's own clock (e.g. "device clock 2 h behind"),
 *                         written into the Observation's note; null when there is nothing to say
 */
public record ExamBinding(String examId, String station, PatientIdentifier patient, String patientReference,
        Instant openedAt, int version, Instant effectiveTime, String timeNote) {

    public ExamBinding {
        Objects.requireNonNull(examId, "examId");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(openedAt, "openedAt");
        if (patient == null && patientReference == null) {
            throw new IllegalArgumentException("exam " + examId + ": a binding needs the patient's identifier or"
                    + " their reference on the EHR");
        }
        if (patientReference != null && !patientReference.matches("Patient/[A-Za-z0-9\\-.]{1,64}")) {
            throw new IllegalArgumentException("patient reference must be Patient/<id>, was " + patientReference);
        }
        if (version < 1) {
            throw new IllegalArgumentException("binding version starts at 1, was " + version);
        }
    }

    /** The first binding of a reading to the exam of {@code patient}, timed by the reading itself. */
    public ExamBinding(String examId, String station, PatientIdentifier patient, Instant openedAt) {
        this(examId, station, patient, null, openedAt, 1, null, null);
    }
}
