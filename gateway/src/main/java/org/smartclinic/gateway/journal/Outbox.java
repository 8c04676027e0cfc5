package org.smartclinic.gateway.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Types of the outbox: what waits to be delivered to the EHR and how far it got; and the one change a person makes
 * to it besides replay: discarding a dead letter, recorded with who, when and why ({@code outbox_discard}).
 */
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
        CANCELLED,
        /** A dead letter a person decided not to send, with a reason ({@link #discard}); never sent again. */
        DISCARDED
    }

    /** A discarded dead letter: who, when, why, and the EHR's answer it had then. */
    public record Discard(long outboxId, String actor, String reason, Instant at, String lastError) {
    }

    /**
     * Discards dead letter {@code id} for good, recording who, why and the EHR's answer, in one transaction.
     * Returns 1 if it was a dead letter, 0 otherwise (nothing recorded).
     */
    public static CompletableFuture<Integer> discard(Journal journal, long id, String actor, String reason,
            Instant at) {
        return journal.database().write(c -> {
            int changed = JournalRows.update(c, "UPDATE outbox SET state = 'DISCARDED' WHERE id = ? AND state = 'DEAD'",
                    id);
            if (changed == 1) {
                JournalRows.update(c, "INSERT INTO outbox_discard (outbox_id, actor, reason, discarded_at, last_error)"
                        + " SELECT id, ?, ?, ?, last_error FROM outbox WHERE id = ?", actor, reason, at.toString(), id);
            }
            return changed;
        });
    }

    /** The most recent discards, newest first. */
    public static List<Discard> discards(Journal journal, int limit) {
        return journal.database().read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT outbox_id, actor, reason, discarded_at,"
                    + " last_error FROM outbox_discard ORDER BY discarded_at DESC, outbox_id DESC LIMIT ?", limit);
                    ResultSet rs = ps.executeQuery()) {
                List<Discard> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Discard(rs.getLong("outbox_id"), rs.getString("actor"), rs.getString("reason"),
                            Instant.parse(rs.getString("discarded_at")), rs.getString("last_error")));
                }
                return out;
            }
        });
    }

    /**
     * One item.
     *
     * @param readingId the reading of a READING item, else null
     * @param examId    the exam of a READING or EXAM_CLOSE item, else null
     * @param deviceId  the device of a DEVICE item and (since schema 6) of a READING item, else null
     * @param serverIds what the EHR stored, e.g. {@code Observation/12}; empty until sent
     * @param ref       per kind: READING and RETRACT the binding version, PATIENT the patient id, AUDIT the binding
     *                  change id, ACCESS_AUDIT the invite access id; else null
     * @param times     when it was tried and when it died
     */
    public record Item(long id, Kind kind, Long readingId, String examId, String deviceId, State state, int attempts,
            Instant createdAt, Instant sentAt, String lastError, List<String> serverIds, String ref, Times times) {
    }

    /**
     * When an item was tried: all null until its first attempt (items stored before schema 6 have none).
     *
     * @param nextAttemptAt not before this (epoch 0: at once)
     * @param deadAt        when it became a dead letter
     */
    public record Times(Instant firstAttemptAt, Instant lastAttemptAt, Instant nextAttemptAt, Instant deadAt) {
    }

    /**
     * One item with what the EHR answered when it refused it.
     *
     * @param outcome the EHR's OperationOutcome (FHIR JSON, scrubbed of patient data), or null
     */
    public record Detail(Item item, String outcome) {
    }

    /** Filter of the dead-letter list; null fields do not filter; {@code beforeId} pages backwards. */
    public record DeadFilter(Kind kind, String deviceId, Long beforeId, int limit) {
    }
}
