package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.smartclinic.fhir.PatientIdentifier;
import org.smartclinic.gateway.binding.BindingRule;
import org.smartclinic.gateway.binding.BindingState;
import org.smartclinic.gateway.binding.IsoInstant;

/**
 * The queries that read the journal's tables and the mapping of their rows to records, in one place: every
 * column is read by the name (or alias) the query next to it selects.
 */
final class JournalRows {

    /** Columns of an exam, aliased {@code e_*}. */
    static final String EXAM_COLUMNS = "e.id AS e_id, e.station AS e_station, e.patient_system AS e_patient_system,"
            + " e.patient_value AS e_patient_value, e.opened_at AS e_opened_at, e.closed_at AS e_closed_at,"
            + " e.ehr_patient AS e_ehr_patient, e.patient_id AS e_patient_id, e.closes_ms AS e_closes_ms,"
            + " e.close_note AS e_close_note, e.conclusion AS e_conclusion";
    /** Columns of an outbox item, aliased {@code o_*}. */
    static final String OUTBOX_COLUMNS = "o.id AS o_id, o.kind AS o_kind, o.reading_id AS o_reading_id,"
            + " o.exam_id AS o_exam_id, o.device_id AS o_device_id, o.state AS o_state, o.attempts AS o_attempts,"
            + " o.created_at AS o_created_at, o.sent_at AS o_sent_at, o.last_error AS o_last_error,"
            + " o.server_ids AS o_server_ids, o.ref AS o_ref, o.first_attempt_ms AS o_first_attempt_ms,"
            + " o.last_attempt_ms AS o_last_attempt_ms, o.next_attempt_at AS o_next_attempt_at, o.dead_at AS o_dead_at";
    /** A reading with its exam and outbox item. */
    static final String READING_SELECT = "SELECT r.id AS r_id, r.station AS r_station, r.journaled_at AS r_journaled_at,"
            + " r.payload AS r_payload, r.capture_id AS r_capture_id, r.binding_state AS r_binding_state,"
            + " r.binding_rule AS r_binding_rule, r.binding_evidence AS r_binding_evidence,"
            + " r.binding_version AS r_binding_version, r.effective_time AS r_effective_time,"
            + " r.time_note AS r_time_note, r.held_exam AS r_held_exam, " + EXAM_COLUMNS + ", " + OUTBOX_COLUMNS
            + " FROM reading r LEFT JOIN exam e ON e.id = r.exam_id LEFT JOIN outbox o ON o.id ="
            + " (SELECT MAX(u.id) FROM outbox u WHERE u.reading_id = r.id AND u.kind = 'READING')";
    static final String EXAM_SELECT = "SELECT " + EXAM_COLUMNS + " FROM exam e";
    static final String OUTBOX_SELECT = "SELECT " + OUTBOX_COLUMNS + " FROM outbox o";
    /**
     * Pending items, read through their partial index (in id order). Named, because SQLite without statistics
     * prefers {@code outbox_due (state, next_attempt_at)} for {@code state = 'PENDING'} and then sorts every
     * pending row to return a page: each page of a drain read the whole backlog ({@code JournalQueryPlanTest}).
     */
    static final String PENDING_ITEMS = "INDEXED BY outbox_pending WHERE o.state = 'PENDING'";
    /** Dead letters, through their partial index, for the same reason as {@link #PENDING_ITEMS}. */
    static final String DEAD_ITEMS = "INDEXED BY outbox_dead WHERE o.state = 'DEAD'";

    private JournalRows() {
    }

    static Optional<Exam> oneExam(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, EXAM_SELECT + " " + where, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(exam(rs)) : Optional.empty();
        }
    }

    static List<Exam> exams(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, EXAM_SELECT + " " + where, args); ResultSet rs = ps.executeQuery()) {
            List<Exam> out = new ArrayList<>();
            while (rs.next()) {
                out.add(exam(rs));
            }
            return out;
        }
    }

    static Exam exam(ResultSet rs) throws SQLException {
        String system = rs.getString("e_patient_system");
        String value = rs.getString("e_patient_value");
        PatientIdentifier patient = system == null || system.isEmpty() || value == null || value.isEmpty() ? null
                : new PatientIdentifier(system, value);
        return new Exam(rs.getString("e_id"), rs.getString("e_station"), patient, rs.getString("e_patient_id"),
                IsoInstant.parse(rs.getString("e_opened_at")), instant(rs.getString("e_closed_at")),
                millis(rs, "e_closes_ms"), rs.getString("e_close_note"), rs.getString("e_conclusion"),
                rs.getString("e_ehr_patient"));
    }

    static List<StoredReading> storedReadings(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, READING_SELECT + " " + where, args); ResultSet rs = ps.executeQuery()) {
            List<StoredReading> out = new ArrayList<>();
            while (rs.next()) {
                long captureId = rs.getLong("r_capture_id");
                Long capture = rs.wasNull() ? null : captureId;
                Exam exam = rs.getString("e_id") == null ? null : exam(rs);
                Outbox.Item item = rs.getObject("o_id") == null ? null : outboxItem(rs);
                String rule = rs.getString("r_binding_rule");
                StoredReading.Binding binding = new StoredReading.Binding(
                        BindingState.valueOf(rs.getString("r_binding_state")),
                        rule == null ? BindingRule.NONE : BindingRule.valueOf(rule), rs.getString("r_binding_evidence"),
                        rs.getString("r_held_exam"), rs.getInt("r_binding_version"),
                        instant(rs.getString("r_effective_time")), rs.getString("r_time_note"));
                out.add(new StoredReading(rs.getLong("r_id"), rs.getString("r_station"),
                        IsoInstant.parse(rs.getString("r_journaled_at")),
                        ReadingCodec.fromJson(rs.getString("r_payload")),
                        exam, binding, item, capture));
            }
            return out;
        }
    }

    static List<Outbox.Item> outboxItems(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, OUTBOX_SELECT + " " + where, args); ResultSet rs = ps.executeQuery()) {
            List<Outbox.Item> out = new ArrayList<>();
            while (rs.next()) {
                out.add(outboxItem(rs));
            }
            return out;
        }
    }

    static Outbox.Item outboxItem(ResultSet rs) throws SQLException {
        long readingId = rs.getLong("o_reading_id");
        Long reading = rs.wasNull() ? null : readingId;
        String ids = rs.getString("o_server_ids");
        return new Outbox.Item(rs.getLong("o_id"), Outbox.Kind.valueOf(rs.getString("o_kind")), reading,
                rs.getString("o_exam_id"), rs.getString("o_device_id"), Outbox.State.valueOf(rs.getString("o_state")),
                rs.getInt("o_attempts"), IsoInstant.parse(rs.getString("o_created_at")),
                instant(rs.getString("o_sent_at")),
                rs.getString("o_last_error"), ids == null || ids.isEmpty() ? List.of() : List.of(ids.split(",")),
                rs.getString("o_ref"), new Outbox.Times(millis(rs, "o_first_attempt_ms"),
                        millis(rs, "o_last_attempt_ms"), millis(rs, "o_next_attempt_at"),
                        instant(rs.getString("o_dead_at"))));
    }

    /** A statement for {@code sql} with {@code args} bound; from the connection's cache ({@link StatementCache}). */
    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = StatementCache.prepare(c, sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        return StatementCache.update(c, sql, args);
    }

    /**
     * The id SQLite would give the next row of {@code table} (an {@code INTEGER PRIMARY KEY} without
     * AUTOINCREMENT: one more than the largest), for a writer that inserts many rows and names their ids itself
     * instead of asking {@link #lastRowId} after each. Valid until something else inserts into the table; the
     * journal has one writer thread.
     */
    static long nextId(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = StatementCache.prepare(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long lastRowId(Connection c) throws SQLException {
        try (PreparedStatement ps = StatementCache.prepare(c, "SELECT last_insert_rowid()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Instant millis(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    static Instant instant(String s) {
        return s == null ? null : IsoInstant.parse(s);
    }
}
