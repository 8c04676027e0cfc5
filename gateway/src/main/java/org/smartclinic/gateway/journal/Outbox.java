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
        DEVICE
    }

    /** Delivery state. */
    public enum State {
        /** Not yet accepted by the EHR; retried with backoff. */
        PENDING,
        /** Accepted by the EHR. */
        SENT,
        /** Refused by the EHR for a reason retrying cannot fix; kept with the server's answer, replayable. */
        DEAD
    }

    /**
     * One item.
     *
     * @param readingId the reading of a READING item, else null
     * @param examId    the exam of a READING or EXAM_CLOSE item, else null
     * @param deviceId  the device of a DEVICE item, else null
     * @param serverIds what the EHR stored, e.g. {@code Observation/12}; empty until sent
     */
    public record Item(long id, Kind kind, Long readingId, String examId, String deviceId, State state, int attempts,
            Instant createdAt, Instant sentAt, String lastError, List<String> serverIds) {
    }
}
