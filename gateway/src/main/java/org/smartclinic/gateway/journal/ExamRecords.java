package org.smartclinic.gateway.journal;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.smartclinic.fhir.PatientIdentifier;

/**
 * Exams in the journal: opening (at most one open per station, enforced by a unique index), closing by a person or
 * by the clock, sample ids, and the outbox items closing sends (the Encounter's end, then the DiagnosticReport).
 */
public final class ExamRecords {

    /** One sample id issued for an exam. */
    public record Sample(String id, String examId, Instant issuedAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JournalDatabase db;
    private final Clock clock;

    public ExamRecords(JournalDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Opens an exam at {@code station} for the local patient {@code patientId}; fails with
     * {@link ExamConflictException} if one is open there.
     *
     * @param identifier the identifier the exam was opened with (shown and uploaded), or null
     * @param ehrPatient the patient's EHR reference if known
     */
    public CompletableFuture<Exam> open(String station, String patientId, PatientIdentifier identifier,
            String ehrPatient, Duration maxDuration) {
        return db.write(c -> {
            Optional<Exam> open = JournalRows.oneExam(c, "WHERE e.station = ? AND e.closed_at IS NULL", station);
            if (open.isPresent()) {
                throw new ExamConflictException(station, open.get().id());
            }
            Instant now = clock.instant();
            Instant closesAt = now.plus(maxDuration);
            String id = UUID.randomUUID().toString();
            JournalRows.update(c, "INSERT INTO exam (id, station, patient_system, patient_value, opened_at, opened_ms,"
                    + " closes_ms, patient_id, ehr_patient) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, station,
                    identifier == null ? "" : identifier.system(), identifier == null ? "" : identifier.value(),
                    now.toString(), now.toEpochMilli(), closesAt.toEpochMilli(), patientId, ehrPatient);
            return JournalRows.oneExam(c, "WHERE e.id = ?", id).orElseThrow();
        });
    }

    /**
     * Closes an open exam now, with the GP's conclusion (or null), and queues the Encounter's end and the exam's
     * DiagnosticReport; empty if there is no such open exam.
     */
    public CompletableFuture<Optional<Exam>> close(String examId, String conclusion) {
        return db.write(c -> close(c, examId, clock.instant(), conclusion, null));
    }

    /**
     * Closes every open exam whose maximum duration is over, at the moment it ended; returns them. Looks first with
     * a read: a write that changes nothing would tell the journal's write health that writing works, which a
     * full disk does not disprove.
     */
    public CompletableFuture<List<Exam>> closeOverdue() {
        if (db.read(c -> JournalRows.exams(c, "WHERE e.closed_at IS NULL AND e.closes_ms <= ?",
                clock.instant().toEpochMilli())).isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return db.write(c -> {
            Instant now = clock.instant();
            List<Exam> due = JournalRows.exams(c, "WHERE e.closed_at IS NULL AND e.closes_ms <= ?", now.toEpochMilli());
            List<Exam> closed = new ArrayList<>();
            for (Exam e : due) {
                close(c, e.id(), e.closesAt(), null, "closed automatically: nobody closed it within its maximum"
                        + " duration of " + Duration.between(e.openedAt(), e.closesAt()))
                        .ifPresent(closed::add);
            }
            return closed;
        });
    }

    private static Optional<Exam> close(Connection c, String examId, Instant at, String conclusion, String note)
            throws SQLException {
        if (JournalRows.update(c, "UPDATE exam SET closed_at = ?, closed_ms = ?, conclusion = ?, close_note = ?"
                + " WHERE id = ? AND closed_at IS NULL", at.toString(), at.toEpochMilli(), conclusion, note,
                examId) == 0) {
            return Optional.empty();
        }
        String now = Instant.now().toString();
        Journal.enqueue(c, Outbox.Kind.EXAM_CLOSE, null, examId, null, now);
        Journal.enqueue(c, Outbox.Kind.REPORT, null, examId, null, now);
        return JournalRows.oneExam(c, "WHERE e.id = ?", examId);
    }

    /** A result joined a closed exam (late by sample id, confirmed, assigned): its report is sent again after it. */
    static void reportAgainIfClosed(Connection c, String examId, String now) throws SQLException {
        try (PreparedStatement ps = JournalRows.prepare(c, "SELECT 1 FROM exam WHERE id = ? AND closed_at IS NOT NULL",
                examId); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                Journal.enqueue(c, Outbox.Kind.REPORT, null, examId, null, now);
            }
        }
    }

    /** Issues {@code count} new sample ids for an open or closed exam. */
    public CompletableFuture<List<Sample>> issueSamples(String examId, int count) {
        return db.write(c -> {
            Instant now = clock.instant();
            List<Sample> out = new ArrayList<>();
            while (out.size() < count) {
                String id = newSampleId();
                if (JournalRows.update(c, "INSERT INTO sample (id, exam_id, issued_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING", id, examId, now.toString()) == 1) {
                    out.add(new Sample(id, examId, now));
                }
            }
            return out;
        });
    }

    /** The sample {@code id}, if this gateway issued it. */
    public Optional<Sample> sample(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT exam_id, issued_at FROM sample WHERE id = ?", id);
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Sample(id, rs.getString("exam_id"),
                        Instant.parse(rs.getString("issued_at")))) : Optional.<Sample>empty();
            }
        });
    }

    public List<Sample> samples(String examId) {
        return db.read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, "SELECT id, issued_at FROM sample WHERE exam_id = ?"
                    + " ORDER BY issued_at, id", examId); ResultSet rs = ps.executeQuery()) {
                List<Sample> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Sample(rs.getString("id"), examId, Instant.parse(rs.getString("issued_at"))));
                }
                return out;
            }
        });
    }

    /**
     * A sample id: ten digits, the last a Luhn check digit, so a label mistyped or misread by one digit (or two
     * swapped) is caught at the analyzer or by the gateway. Digits only: every analyzer and barcode symbology
     * takes them.
     */
    static String newSampleId() {
        StringBuilder digits = new StringBuilder();
        digits.append(1 + RANDOM.nextInt(9));
        for (int i = 0; i < 8; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.append(luhn(digits)).toString();
    }

    /** The Luhn check digit of {@code payload}. */
    static int luhn(CharSequence payload) {
        int sum = 0;
        for (int i = payload.length() - 1, k = 0; i >= 0; i--, k++) {
            int d = payload.charAt(i) - '0';
            if (k % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    /** Records the EHR's reference of a patient on every exam of theirs. */
    public CompletableFuture<Integer> setEhrPatient(String patientId, String reference) {
        return db.write(c -> JournalRows.update(c, "UPDATE exam SET ehr_patient = ? WHERE patient_id = ?", reference,
                patientId));
    }

    public Optional<Exam> exam(String examId) {
        return db.read(c -> JournalRows.oneExam(c, "WHERE e.id = ?", examId));
    }

    public Optional<Exam> openAt(String station) {
        return db.read(c -> JournalRows.oneExam(c, "WHERE e.station = ? AND e.closed_at IS NULL", station));
    }

    /** Most recent first; {@code station} null: all stations. */
    public List<Exam> list(boolean openOnly, String station, int limit) {
        return db.read(c -> JournalRows.exams(c, "WHERE 1 = 1" + (openOnly ? " AND e.closed_at IS NULL" : "")
                + (station == null ? " AND ? IS NULL" : " AND e.station = ?") + " ORDER BY e.opened_ms DESC LIMIT ?",
                station, limit));
    }
}
