package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.drivers.Reading;
import org.smartclinic.fhir.PatientIdentifier;

/**
 * The gateway's durable state: readings (with the raw bytes they came from), exams, and the outbox of what the
 * EHR has yet to accept. Writes return futures that complete once committed to disk; reads see what was
 * committed. Raw captures and device facts have their own classes ({@link Captures}, {@link DeviceRecords}) on
 * the same database.
 */
public final class Journal {

    /**
     * What {@link #append} did.
     *
     * @param captureId the raw capture stored with the new readings; null when nothing new was stored
     */
    public record AppendResult(int stored, int duplicates, int bound, Long captureId) {
    }

    /**
     * The exact bytes readings came from, stored in the same transaction as the readings.
     *
     * @param receivedAt when they arrived
     */
    public record RawInput(String deviceId, Instant receivedAt, byte[] bytes) {
    }

    /** Filter of {@link #readings}; null fields do not filter. */
    public record ReadingQuery(int limit, String deviceId, String examId, Boolean bound) {
    }

    private final JournalDatabase db;
    private final Clock clock;

    public Journal(JournalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public JournalDatabase database() {
        return db;
    }

    /** {@link #append(String, List, RawInput)} without raw bytes. */
    public CompletableFuture<AppendResult> append(String station, List<Reading> readings) {
        return append(station, readings, null);
    }

    /**
     * Stores readings of one device at {@code station} with the raw bytes they came from, binding each new one to
     * the exam open at that station (queueing it for upload) or leaving it unassigned. A reading already stored
     * (same device and key) is a duplicate: counted, not stored again; when every reading is a duplicate the raw
     * bytes are not kept either.
     *
     * @param raw the bytes the readings came from, or null
     */
    public CompletableFuture<AppendResult> append(String station, List<Reading> readings, RawInput raw) {
        return db.write(c -> {
            Optional<Exam> exam = openExamAt(c, station);
            String now = clock.instant().toString();
            Long capture = raw == null ? null : Captures.insert(c, raw, Captures.KIND_READING, null);
            int stored = 0;
            try (PreparedStatement ins = c.prepareStatement("""
                    INSERT INTO reading (device_id, reading_key, station, device_time, received_at, journaled_at,
                                         exam_id, payload, capture_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, reading_key) DO NOTHING""")) {
                for (Reading r : readings) {
                    bindReading(ins, r, station, now, exam.map(Exam::id).orElse(null), capture);
                    if (ins.executeUpdate() == 0) {
                        continue;
                    }
                    stored++;
                    if (exam.isPresent()) {
                        enqueue(c, Outbox.Kind.READING, JournalRows.lastRowId(c), exam.get().id(), null, now);
                    }
                }
            }
            if (stored == 0 && capture != null) {
                JournalRows.update(c, "DELETE FROM raw_capture WHERE id = ?", capture);
                capture = null;
            }
            return new AppendResult(stored, readings.size() - stored, exam.isPresent() ? stored : 0, capture);
        });
    }

    private static void bindReading(PreparedStatement ins, Reading r, String station, String now, String examId,
            Long capture) throws SQLException {
        ins.setString(1, r.deviceId());
        ins.setString(2, r.key());
        ins.setString(3, station);
        ins.setString(4, r.deviceTime() == null ? null : r.deviceTime().toString());
        ins.setString(5, r.receivedAt().toString());
        ins.setString(6, now);
        ins.setString(7, examId);
        ins.setString(8, ReadingCodec.toJson(r));
        if (capture == null) {
            ins.setNull(9, Types.INTEGER);
        } else {
            ins.setLong(9, capture);
        }
    }

    /** Opens an exam at {@code station}; fails with {@link ExamConflictException} if one is open there. */
    public CompletableFuture<Exam> openExam(String station, PatientIdentifier patient) {
        return db.write(c -> {
            Optional<Exam> open = openExamAt(c, station);
            if (open.isPresent()) {
                throw new ExamConflictException(station, open.get().id());
            }
            Exam exam = new Exam(UUID.randomUUID().toString(), station, patient, clock.instant(), null, null);
            JournalRows.update(c, "INSERT INTO exam (id, station, patient_system, patient_value, opened_at)"
                    + " VALUES (?, ?, ?, ?, ?)", exam.id(), station, patient.system(), patient.value(),
                    exam.openedAt().toString());
            return exam;
        });
    }

    /** Closes an open exam and queues its Encounter's end for the EHR; empty if there is no such open exam. */
    public CompletableFuture<Optional<Exam>> closeExam(String examId) {
        return db.write(c -> {
            Instant now = clock.instant();
            if (JournalRows.update(c, "UPDATE exam SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
                    now.toString(), examId) == 0) {
                return Optional.empty();
            }
            enqueue(c, Outbox.Kind.EXAM_CLOSE, null, examId, null, now.toString());
            return JournalRows.oneExam(c, "WHERE e.id = ?", examId);
        });
    }

    /** Records the EHR's reference of the exam's patient. */
    public CompletableFuture<Integer> setEhrPatient(String examId, String reference) {
        return db.write(c -> JournalRows.update(c, "UPDATE exam SET ehr_patient = ? WHERE id = ?", reference, examId));
    }

    public Optional<Exam> exam(String examId) {
        return db.read(c -> JournalRows.oneExam(c, "WHERE e.id = ?", examId));
    }

    public Optional<Exam> openExamAt(String station) {
        return db.read(c -> openExamAt(c, station));
    }

    /** Most recent first. */
    public List<Exam> exams(boolean openOnly, int limit) {
        return db.read(c -> JournalRows.exams(c, (openOnly ? "WHERE e.closed_at IS NULL" : "")
                + " ORDER BY e.opened_at DESC LIMIT ?", limit));
    }

    /** Most recent first. */
    public List<StoredReading> readings(ReadingQuery q) {
        return db.read(c -> {
            StringBuilder where = new StringBuilder("WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (q.deviceId() != null) {
                where.append(" AND r.device_id = ?");
                args.add(q.deviceId());
            }
            if (q.examId() != null) {
                where.append(" AND r.exam_id = ?");
                args.add(q.examId());
            }
            if (q.bound() != null) {
                where.append(q.bound() ? " AND r.exam_id IS NOT NULL" : " AND r.exam_id IS NULL");
            }
            where.append(" ORDER BY r.id DESC LIMIT ?");
            args.add(q.limit());
            return JournalRows.storedReadings(c, where.toString(), args.toArray());
        });
    }

    public Optional<StoredReading> reading(long id) {
        return db.read(c -> JournalRows.storedReadings(c, "WHERE r.id = ?", id).stream().findFirst());
    }

    /** Pending items whose next attempt is due, oldest first. */
    public List<Outbox.Item> dueOutbox(Instant now, int limit) {
        return db.read(c -> JournalRows.outboxItems(c, "WHERE o.state = 'PENDING' AND o.next_attempt_at <= ?"
                + " ORDER BY o.id LIMIT ?", now.toEpochMilli(), limit));
    }

    /** Items in {@code state}, most recent first. */
    public List<Outbox.Item> outbox(Outbox.State state, int limit) {
        return db.read(c -> JournalRows.outboxItems(c, "WHERE o.state = ? ORDER BY o.id DESC LIMIT ?", state.name(),
                limit));
    }

    public Map<Outbox.State, Long> outboxCounts() {
        return db.read(c -> {
            Map<Outbox.State, Long> counts = new EnumMap<>(Outbox.State.class);
            for (Outbox.State s : Outbox.State.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(Outbox.State.valueOf(rs.getString("state")), rs.getLong("n"));
                }
            }
            return counts;
        });
    }

    public CompletableFuture<Integer> markSent(long outboxId, List<String> serverIds) {
        return db.write(c -> JournalRows.update(c, "UPDATE outbox SET state = 'SENT', sent_at = ?, server_ids = ?,"
                + " last_error = NULL, attempts = attempts + 1 WHERE id = ?", clock.instant().toString(),
                String.join(",", serverIds), outboxId));
    }

    public CompletableFuture<Integer> markRetry(long outboxId, Instant nextAttempt, String error) {
        return db.write(c -> JournalRows.update(c, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                + " last_error = ? WHERE id = ? AND state = 'PENDING'", nextAttempt.toEpochMilli(), error, outboxId));
    }

    public CompletableFuture<Integer> markDead(long outboxId, String error) {
        return db.write(c -> JournalRows.update(c, "UPDATE outbox SET state = 'DEAD', attempts = attempts + 1,"
                + " last_error = ? WHERE id = ?", error, outboxId));
    }

    /** Puts a dead item back in line; returns 1 if it was dead, 0 otherwise. */
    public CompletableFuture<Integer> replay(long outboxId) {
        return db.write(c -> JournalRows.update(c, "UPDATE outbox SET state = 'PENDING', next_attempt_at = ?"
                + " WHERE id = ? AND state = 'DEAD'", clock.instant().toEpochMilli(), outboxId));
    }

    static void enqueue(Connection c, Outbox.Kind kind, Long readingId, String examId, String deviceId, String now)
            throws SQLException {
        JournalRows.update(c, "INSERT INTO outbox (kind, reading_id, exam_id, device_id, state, attempts,"
                + " next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'PENDING', 0, 0, ?)", kind.name(), readingId,
                examId, deviceId, now);
    }

    private static Optional<Exam> openExamAt(Connection c, String station) throws SQLException {
        return JournalRows.oneExam(c, "WHERE e.station = ? AND e.closed_at IS NULL", station);
    }
}
