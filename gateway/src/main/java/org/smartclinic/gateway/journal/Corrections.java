package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.gateway.binding.BindingRule;
import org.smartclinic.gateway.binding.BindingState;

/**
 * A person's changes of a reading's binding: assign (or re-assign), reject, confirm. Each is one transaction that
 * records the change (who, when, what, why) in {@code binding_change}, queues its AuditEvent, cancels an upload not
 * yet made, queues the retraction of one that may have been made (the earlier Observations become
 * entered-in-error upstream) and the upload under the new binding, and queues the reports of closed exams the
 * change touches. A re-assigned reading that had been queued gets the next binding version, so its new
 * Observations carry identifiers of their own.
 */
public final class Corrections {

    /** One recorded change. */
    public record Change(long id, long readingId, String action, Instant at, String actor, String reason,
            String fromExam, Integer fromVersion, String toExam, Integer toVersion) {
    }

    /** The change cannot be made; the message says why and what to do instead. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private final JournalDatabase db;
    private final Clock clock;

    public Corrections(JournalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Binds the reading to {@code examId} (from whatever it was), with a reason. */
    public CompletableFuture<Change> assign(long readingId, String examId, String actor, String reason) {
        return db.write(c -> {
            Row r = row(c, readingId);
            if (JournalRows.oneExam(c, "WHERE e.id = ?", examId).isEmpty()) {
                throw new Refused("no exam " + examId);
            }
            if (examId.equals(r.examId) && (r.state == BindingState.BOUND || r.state == BindingState.REVIEW)) {
                throw new Refused("reading " + readingId + " is already bound to exam " + examId
                        + (r.state == BindingState.REVIEW ? "; confirm it instead" : ""));
            }
            String now = clock.instant().toString();
            withdraw(c, r, now);
            // Observations of a version ever queued may exist upstream (entered-in-error by now): never reuse it.
            int version = queuedBefore(c, r) ? r.version + 1 : r.version;
            JournalRows.update(c, "UPDATE reading SET exam_id = ?, held_exam = NULL, binding_state = 'BOUND',"
                    + " binding_rule = ?, binding_evidence = ?, binding_version = ? WHERE id = ?", examId,
                    BindingRule.MANUAL.name(), (r.examId == null ? "assigned" : "re-assigned") + " by " + actor
                            + ": " + reason, version, readingId);
            Journal.enqueue(c, Outbox.Kind.READING, readingId, examId, null, now, String.valueOf(version));
            ExamRecords.reportAgainIfClosed(c, examId, now);
            return record(c, r, r.examId == null ? "assign" : "reassign", actor, reason, examId, version, now);
        });
    }

    /** Rejects the reading: never uploaded, and retracted upstream if it was. */
    public CompletableFuture<Change> reject(long readingId, String actor, String reason) {
        return db.write(c -> {
            Row r = row(c, readingId);
            if (r.state == BindingState.REJECTED) {
                throw new Refused("reading " + readingId + " is already rejected");
            }
            String now = clock.instant().toString();
            withdraw(c, r, now);
            JournalRows.update(c, "UPDATE reading SET exam_id = NULL, held_exam = NULL, binding_state = 'REJECTED',"
                    + " binding_rule = ?, binding_evidence = ? WHERE id = ?", BindingRule.MANUAL.name(),
                    "rejected by " + actor + ": " + reason, readingId);
            return record(c, r, "reject", actor, reason, null, null, now);
        });
    }

    /** Confirms a reading that waits for review: it is uploaded. */
    public CompletableFuture<Change> confirm(long readingId, String actor) {
        return db.write(c -> {
            Row r = row(c, readingId);
            if (r.state != BindingState.REVIEW) {
                throw new Refused("reading " + readingId + " does not wait for confirmation (it is " + r.state
                        + ")" + (r.state == BindingState.HELD || r.state == BindingState.UNASSIGNED
                                ? "; assign it to an exam instead" : ""));
            }
            String now = clock.instant().toString();
            JournalRows.update(c, "UPDATE reading SET binding_state = 'BOUND' WHERE id = ?", readingId);
            Journal.enqueue(c, Outbox.Kind.READING, readingId, r.examId, null, now, String.valueOf(r.version));
            ExamRecords.reportAgainIfClosed(c, r.examId, now);
            return record(c, r, "confirm", actor, null, r.examId, r.version, now);
        });
    }

    public Optional<Change> change(long id) {
        return db.read(c -> changes(c, "WHERE id = ?", id).stream().findFirst());
    }

    /** The reading's changes, oldest first. */
    public List<Change> history(long readingId) {
        return db.read(c -> changes(c, "WHERE reading_id = ? ORDER BY id", readingId));
    }

    private record Row(long id, BindingState state, String examId, int version) {
    }

    private static Row row(Connection c, long readingId) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT binding_state, exam_id, binding_version FROM reading"
                + " WHERE id = ?", readingId); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new Refused("no reading " + readingId);
            }
            return new Row(readingId, BindingState.valueOf(rs.getString(1)), rs.getString(2), rs.getInt(3));
        }
    }

    /**
     * Takes back the reading's current upload: cancels a pending one and queues the retraction of anything that
     * may have reached the EHR (a send in flight, a timeout after the EHR stored it); the retraction finds nothing
     * if nothing did.
     */
    private static void withdraw(Connection c, Row r, String now) throws SQLException {
        if (r.state != BindingState.BOUND || r.examId == null) {
            return;
        }
        JournalRows.update(c, "UPDATE outbox SET state = 'CANCELLED', last_error = 'binding changed' WHERE reading_id = ?"
                + " AND kind = 'READING' AND state = 'PENDING'", r.id);
        Journal.enqueue(c, Outbox.Kind.RETRACT, r.id, r.examId, null, now, String.valueOf(r.version));
        ExamRecords.reportAgainIfClosed(c, r.examId, now);
    }

    private static boolean queuedBefore(Connection c, Row r) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT 1 FROM outbox WHERE reading_id = ? AND kind = 'READING'"
                + " AND ref = ?", r.id, String.valueOf(r.version)); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static Change record(Connection c, Row r, String action, String actor, String reason, String toExam,
            Integer toVersion, String now) throws SQLException {
        JournalRows.update(c, "INSERT INTO binding_change (reading_id, action, at, actor, reason, from_exam,"
                + " from_version, to_exam, to_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", r.id, action, now, actor,
                reason, r.examId, r.examId == null ? null : r.version, toExam, toVersion);
        long id = JournalRows.lastRowId(c);
        Journal.enqueue(c, Outbox.Kind.AUDIT, r.id, null, null, now, String.valueOf(id));
        return changes(c, "WHERE id = ?", id).getFirst();
    }

    private static List<Change> changes(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT * FROM binding_change " + where, args);
                ResultSet rs = ps.executeQuery()) {
            List<Change> out = new ArrayList<>();
            while (rs.next()) {
                int fv = rs.getInt("from_version");
                Integer fromVersion = rs.wasNull() ? null : fv;
                int tv = rs.getInt("to_version");
                Integer toVersion = rs.wasNull() ? null : tv;
                out.add(new Change(rs.getLong("id"), rs.getLong("reading_id"), rs.getString("action"),
                        Instant.parse(rs.getString("at")), rs.getString("actor"), rs.getString("reason"),
                        rs.getString("from_exam"), fromVersion, rs.getString("to_exam"), toVersion));
            }
            return out;
        }
    }
}
