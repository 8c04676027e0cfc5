package org.smartclinic.gateway.exam;

/**
 * {@code POST /api/exams} body: the station and the patient, either as the gateway's patient id (from
 * {@code /api/patients}) or as an identifier:
 * {@code {"station": "room-1", "patientId": "..."}} or
 * {@code {"station": "room-1", "patient": {"system": "snils", "value": "123-456-789 00"}}}.
 */
public record OpenExamRequest(String station, String patientId, PatientRef patient) {

    /** The patient's business identifier; {@code system} is a configured short name or its URI. */
    public record PatientRef(String system, String value) {
    }
}
