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
 * The gateway's durable state: readings, exams, and the outbox of what the EHR has yet to accept.
 * Writes return futures that complete once committed to disk; reads see what was committed.
 */
public final class Journal implements AutoCloseable {

    /** What {@link #append} did. */
    public record AppendResult(int stored, int duplicates, int bound) {
    }

    /** Filter of {@link #readings}; null fields do not filter. */
    public record ReadingQuery(int limit, String deviceId, String examId, Boolean bound) {
    }

    private static final String READING_SELECT = """
            SELECT r.id, r.station, r.journaled_at, r.payload, e.id, e.station, e.patient_system, e.patient_value,
                   e.opened_at, e.closed_at, e.ehr_patient, o.id, o.kind, o.reading_id, o.exam_id, o.state,
                   o.attempts, o.created_at, o.sent_at, o.last_error, o.server_ids
              FROM reading r LEFT JOIN exam e ON e.id = r.exam_id LEFT JOIN outbox o ON o.reading_id = r.id
            """;
    private static final String EXAM_COLUMNS = "id, station, patient_system, patient_value, opened_at, closed_at, ehr_patient";
    private static final String OUTBOX_COLUMNS =
            "id, kind, reading_id, exam_id, state, attempts, created_at, sent_at, last_error, server_ids";

    private final JournalDatabase db;
    private final Clock clock;

    public Journal(JournalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public JournalDatabase database() {
        return db;
    }

    /**
     * Stores readings of one device at {@code station}, binding each new one to the exam open at that station
     * (queueing it for upload) or leaving it unassigned. A reading already stored (same device and key) is a
     * duplicate: counted, not stored again.
     */
    public CompletableFuture<AppendResult> append(String station, List<Reading> readings) {
        return db.write(c -> {
            Optional<Exam> exam = openExamAt(c, station);
            String now = clock.instant().toString();
            int stored = 0;
            int duplicates = 0;
            try (PreparedStatement ins = c.prepareStatement("""
                    INSERT INTO reading (device_id, reading_key, station, device_time, received_at, journaled_at,
                                         exam_id, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, reading_key) DO NOTHING""")) {
                for (Reading r : readings) {
                    ins.setString(1, r.deviceId());
                    ins.setString(2, r.key());
                    ins.setString(3, station);
                    ins.setString(4, r.deviceTime() == null ? null : r.deviceTime().toString());
                    ins.setString(5, r.receivedAt().toString());
                    ins.setString(6, now);
                    ins.setString(7, exam.map(Exam::id).orElse(null));
                    ins.setString(8, ReadingCodec.toJson(r));
                    if (ins.executeUpdate() == 0) {
                        duplicates++;
                        continue;
                    }
                    stored++;
                    if (exam.isPresent()) {
                        enqueue(c, Outbox.Kind.READING, lastRowId(c), exam.get().id(), now);
                    }
                }
            }
            return new AppendResult(stored, duplicates, exam.isPresent() ? stored : 0);
        });
    }

    /** Opens an exam at {@code station}; fails with {@link ExamConflictException} if one is open there. */
    public CompletableFuture<Exam> openExam(String station, PatientIdentifier patient) {
        return db.write(c -> {
            Optional<Exam> open = openExamAt(c, station);
            if (open.isPresent()) {
                throw new ExamConflictException(station, open.get().id());
            }
            Exam exam = new Exam(UUID.randomUUID().toString(), station, patient, clock.instant(), null, null);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO exam (" + EXAM_COLUMNS + ") VALUES (?, ?, ?, ?, ?, NULL, NULL)")) {
                ps.setString(1, exam.id());
                ps.setString(2, station);
                ps.setString(3, patient.system());
                ps.setString(4, patient.value());
                ps.setString(5, exam.openedAt().toString());
                ps.executeUpdate();
            }
            return exam;
        });
    }

    /** Closes an open exam and queues its Encounter's end for the EHR; empty if there is no such open exam. */
    public CompletableFuture<Optional<Exam>> closeExam(String examId) {
        return db.write(c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE exam SET closed_at = ? WHERE id = ? AND closed_at IS NULL")) {
                ps.setString(1, now.toString());
                ps.setString(2, examId);
                if (ps.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            enqueue(c, Outbox.Kind.EXAM_CLOSE, null, examId, now.toString());
            return exam(c, examId);
        });
    }

    /** Records the EHR's reference of the exam's patient. */
    public CompletableFuture<Integer> setEhrPatient(String examId, String reference) {
        return db.write(c -> update(c, "UPDATE exam SET ehr_patient = ? WHERE id = ?", reference, examId));
    }

    public Optional<Exam> exam(String examId) {
        return db.read(c -> exam(c, examId));
    }

    public Optional<Exam> openExamAt(String station) {
        return db.read(c -> openExamAt(c, station));
    }

    /** Most recent first. */
    public List<Exam> exams(boolean openOnly, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EXAM_COLUMNS + " FROM exam"
                    + (openOnly ? " WHERE closed_at IS NULL" : "") + " ORDER BY opened_at DESC LIMIT ?")) {
                ps.setInt(1, limit);
                List<Exam> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(JournalRows.exam(rs, 1));
                    }
                }
                return out;
            }
        });
    }

    /** Most recent first. */
    public List<StoredReading> readings(ReadingQuery q) {
        return db.read(c -> {
            StringBuilder sql = new StringBuilder(READING_SELECT).append(" WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            if (q.deviceId() != null) {
                sql.append(" AND r.device_id = ?");
                args.add(q.deviceId());
            }
            if (q.examId() != null) {
                sql.append(" AND r.exam_id = ?");
                args.add(q.examId());
            }
            if (q.bound() != null) {
                sql.append(q.bound() ? " AND r.exam_id IS NOT NULL" : " AND r.exam_id IS NULL");
            }
            sql.append(" ORDER BY r.id DESC LIMIT ?");
            args.add(q.limit());
            return JournalRows.storedReadings(c, sql.toString(), args.toArray());
        });
    }

    public Optional<StoredReading> reading(long id) {
        return db.read(c -> JournalRows.storedReadings(c, READING_SELECT + " WHERE r.id = ?", id).stream().findFirst());
    }

    /** Pending items whose next attempt is due, oldest first. */
    public List<Outbox.Item> dueOutbox(Instant now, int limit) {
        return db.read(c -> JournalRows.outboxItems(c, "SELECT " + OUTBOX_COLUMNS + " FROM outbox WHERE state = 'PENDING'"
                + " AND next_attempt_at <= ? ORDER BY id LIMIT ?", now.toEpochMilli(), limit));
    }

    /** Items in {@code state}, most recent first. */
    public List<Outbox.Item> outbox(Outbox.State state, int limit) {
        return db.read(c -> JournalRows.outboxItems(c, "SELECT " + OUTBOX_COLUMNS + " FROM outbox WHERE state = ?"
                + " ORDER BY id DESC LIMIT ?", state.name(), limit));
    }

    public Map<Outbox.State, Long> outboxCounts() {
        return db.read(c -> {
            Map<Outbox.State, Long> counts = new EnumMap<>(Outbox.State.class);
            for (Outbox.State s : Outbox.State.values()) {
                counts.put(s, 0L);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state, COUNT(*) FROM outbox GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(Outbox.State.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    public CompletableFuture<Integer> markSent(long outboxId, List<String> serverIds) {
        return db.write(c -> update(c, "UPDATE outbox SET state = 'SENT', sent_at = ?, server_ids = ?, last_error = NULL,"
                + " attempts = attempts + 1 WHERE id = ?", clock.instant().toString(), String.join(",", serverIds),
                outboxId));
    }

    public CompletableFuture<Integer> markRetry(long outboxId, Instant nextAttempt, String error) {
        return db.write(c -> update(c, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                + " WHERE id = ? AND state = 'PENDING'", nextAttempt.toEpochMilli(), error, outboxId));
    }

    public CompletableFuture<Integer> markDead(long outboxId, String error) {
        return db.write(c -> update(c, "UPDATE outbox SET state = 'DEAD', attempts = attempts + 1, last_error = ?"
                + " WHERE id = ?", error, outboxId));
    }

    /** Puts a dead item back in line; returns 1 if it was dead, 0 otherwise. */
    public CompletableFuture<Integer> replay(long outboxId) {
        return db.write(c -> update(c, "UPDATE outbox SET state = 'PENDING', next_attempt_at = ? WHERE id = ?"
                + " AND state = 'DEAD'", clock.instant().toEpochMilli(), outboxId));
    }

    @Override
    public void close() {
        db.close();
    }

    private static void enqueue(Connection c, Outbox.Kind kind, Long readingId, String examId, String now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (kind, reading_id, exam_id, state,"
                + " attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 'PENDING', 0, 0, ?)")) {
            ps.setString(1, kind.name());
            if (readingId == null) {
                ps.setNull(2, Types.INTEGER);
            } else {
                ps.setLong(2, readingId);
            }
            ps.setString(3, examId);
            ps.setString(4, now);
            ps.executeUpdate();
        }
    }

    private static long lastRowId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_insert_rowid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Optional<Exam> openExamAt(Connection c, String station) throws SQLException {
        return JournalRows.oneExam(c, "SELECT " + EXAM_COLUMNS + " FROM exam WHERE station = ? AND closed_at IS NULL", station);
    }

    private static Optional<Exam> exam(Connection c, String id) throws SQLException {
        return JournalRows.oneExam(c, "SELECT " + EXAM_COLUMNS + " FROM exam WHERE id = ?", id);
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }


}
