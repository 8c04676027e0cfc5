package org.smartclinic.fhir;

import java.time.Instant;
import java.util.Objects;

/**
 * The explicit rule that attached a reading to a patient: the exam open at the device's station.
 *
 * @param examId   the gateway's exam id; becomes the Encounter's identifier
 * @param station  the station (room) of the exam
 * @param patient  the patient's business identifier
 * @param openedAt when the exam was opened; the Encounter's period start
 */
public record ExamBinding(String examId, String station, PatientIdentifier patient, Instant openedAt) {

    public ExamBinding {
        Objects.requireNonNull(examId, "examId");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(openedAt, "openedAt");
    }
}
