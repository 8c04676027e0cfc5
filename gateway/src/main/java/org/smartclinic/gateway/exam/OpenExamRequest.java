package org.smartclinic.gateway.exam;

/**
 * {@code POST /api/exams} body:
 * {@code {"station": "room-1", "patient": {"system": "urn:oid:...", "value": "12345"}}}.
 */
public record OpenExamRequest(String station, PatientRef patient) {

    /** The patient's business identifier. */
    public record PatientRef(String system, String value) {
    }
}
