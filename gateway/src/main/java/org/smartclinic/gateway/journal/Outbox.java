package org.smartclinic.gateway.journal;

import java.time.Instant;
import java.util.List;

/** Types of the outbox: what waits to be delivered to the EHR and how far it got. */
public final class Outbox {

    private Outbox() {
    }

    /** What an outbox item delivers. */
    public enum Kind {
        /** One bound reading: its Observations with Patient, Encounter and Device. */
        READING,
        /** The end of an exam: its Encounter finished. */
        EXAM_CLOSE,
        /** A device reported a new identity (serial number, firmware): its Device resource is updated. */
        DEVICE,
        /** A patient registered while the EHR was out of reach: created there (conditionally, by identifier). */
        PATIENT,
        /** A reading was re-assigned or rejected after upload: its earlier Observations become entered-in-error. */
        RETRACT,
        /** The exam's DiagnosticReport, sent on close and again when a late result joins the exam. */
        REPORT,
        /** An AuditEvent for a change of a reading's binding. */
        AUDIT,
        /** An AuditEvent for a remote specialist's use of an invite link, granted or refused (ref: the access id). */
        ACCESS_AUDIT
    }

    /** Delivery state. */
    public enum State {
        /** Not yet accepted by the EHR; retried with backoff. */
        PENDING,
        /** Accepted by the EHR. */
        SENT,
        /** Refused by the EHR for a reason retrying cannot fix; kept with the server's answer, replayable. */
        DEAD,
        /** No longer to be sent: superseded before it was (a reading re-assigned, rejected or no longer bound). */
        CANCELLED
    }

    /**
     * One item.
     *
     * @param readingId the reading of a READING item, else null
     * @param examId    the exam of a READING or EXAM_CLOSE item, else null
     * @param deviceId  the device of a DEVICE item, else null
     * @param serverIds what the EHR stored, e.g. {@code Observation/12}; empty until sent
     * @param ref       per kind: READING and RETRACT the binding version, PATIENT the patient id, AUDIT the binding
     *                  change id, ACCESS_AUDIT the invite access id; else null
     */
    public record Item(long id, Kind kind, Long readingId, String examId, String deviceId, State state, int attempts,
            Instant createdAt, Instant sentAt, String lastError, List<String> serverIds, String ref) {
    }
}
