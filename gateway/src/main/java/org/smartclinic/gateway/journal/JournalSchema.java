package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema of the journal, tracked in SQLite's {@code user_version}. Migrations only ever append: a
 * journal written by an older gateway is upgraded in place on start, and a newer one is refused.
 */
final class JournalSchema {

    private static final List<String[]> MIGRATIONS = List.<String[]>of(new String[] {
        """
        CREATE TABLE exam (
            id             TEXT PRIMARY KEY,
            station        TEXT NOT NULL,
            patient_system TEXT NOT NULL,
            patient_value  TEXT NOT NULL,
            opened_at      TEXT NOT NULL,
            closed_at      TEXT,
            ehr_patient    TEXT
        )""",
        // At most one open exam per station: the rule that makes binding unambiguous.
        "CREATE UNIQUE INDEX exam_open_per_station ON exam(station) WHERE closed_at IS NULL",
        """
        CREATE TABLE reading (
            id           INTEGER PRIMARY KEY,
            device_id    TEXT NOT NULL,
            reading_key  TEXT NOT NULL,
            station      TEXT NOT NULL,
            device_time  TEXT,
            received_at  TEXT NOT NULL,
            journaled_at TEXT NOT NULL,
            exam_id      TEXT REFERENCES exam(id),
            payload      TEXT NOT NULL,
            UNIQUE (device_id, reading_key)
        )""",
        "CREATE INDEX reading_exam ON reading(exam_id)",
        """
        CREATE TABLE outbox (
            id              INTEGER PRIMARY KEY,
            kind            TEXT NOT NULL,
            reading_id      INTEGER REFERENCES reading(id),
            exam_id         TEXT NOT NULL REFERENCES exam(id),
            state           TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            created_at      TEXT NOT NULL,
            sent_at         TEXT,
            last_error      TEXT,
            server_ids      TEXT
        )""",
        "CREATE INDEX outbox_due ON outbox(state, next_attempt_at)",
        "CREATE UNIQUE INDEX outbox_reading ON outbox(reading_id) WHERE reading_id IS NOT NULL"
    }, new String[] {
        // Version 2 (driver SPI v2): the raw bytes every reading came from, the identity devices report, device
        // updates in the outbox (no exam), summaries of streamed waveforms, and a row the readiness probe writes.
        """
        CREATE TABLE raw_capture (
            id          INTEGER PRIMARY KEY,
            device_id   TEXT NOT NULL,
            kind        TEXT NOT NULL,
            received_at TEXT NOT NULL,
            size        INTEGER NOT NULL,
            note        TEXT,
            bytes       BLOB NOT NULL
        )""",
        "CREATE INDEX raw_capture_device ON raw_capture(device_id, id)",
        // No foreign key: captures expire by size and age while their readings stay.
        "ALTER TABLE reading ADD COLUMN capture_id INTEGER",
        """
        CREATE TABLE device_identity (
            device_id     TEXT PRIMARY KEY,
            model         TEXT,
            serial_number TEXT,
            firmware      TEXT,
            reported_at   TEXT NOT NULL
        )""",
        """
        CREATE TABLE outbox_v2 (
            id              INTEGER PRIMARY KEY,
            kind            TEXT NOT NULL,
            reading_id      INTEGER REFERENCES reading(id),
            exam_id         TEXT REFERENCES exam(id),
            device_id       TEXT,
            state           TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            created_at      TEXT NOT NULL,
            sent_at         TEXT,
            last_error      TEXT,
            server_ids      TEXT
        )""",
        """
        INSERT INTO outbox_v2 (id, kind, reading_id, exam_id, state, attempts, next_attempt_at, created_at, sent_at,
                               last_error, server_ids)
        SELECT id, kind, reading_id, exam_id, state, attempts, next_attempt_at, created_at, sent_at, last_error,
               server_ids FROM outbox""",
        "DROP TABLE outbox",
        "ALTER TABLE outbox_v2 RENAME TO outbox",
        "CREATE INDEX outbox_due ON outbox(state, next_attempt_at)",
        "CREATE UNIQUE INDEX outbox_reading ON outbox(reading_id) WHERE reading_id IS NOT NULL",
        """
        CREATE TABLE stream_segment (
            id              INTEGER PRIMARY KEY,
            device_id       TEXT NOT NULL,
            stream          TEXT NOT NULL,
            started_at      TEXT NOT NULL,
            last_at         TEXT NOT NULL,
            chunks          INTEGER NOT NULL,
            samples         INTEGER NOT NULL,
            invalid_samples INTEGER NOT NULL,
            gap_samples     INTEGER NOT NULL,
            live_dropped    INTEGER NOT NULL
        )""",
        "CREATE INDEX stream_segment_device ON stream_segment(device_id, id)",
        "CREATE TABLE probe (id INTEGER PRIMARY KEY, written_at TEXT NOT NULL, pad BLOB)"
    }, new String[] {
        // Version 3 (exams and binding): patients known locally, where each device was when, sample ids, the
        // binding decision on every reading, device clock offsets, and every change of a binding.
        """
        CREATE TABLE patient (
            id          TEXT PRIMARY KEY,
            family      TEXT,
            given       TEXT,
            family_norm TEXT,
            given_norm  TEXT,
            birth_date  TEXT,
            gender      TEXT,
            ehr_ref     TEXT,
            registered  INTEGER NOT NULL DEFAULT 0,
            updated_at  TEXT NOT NULL
        )""",
        "CREATE UNIQUE INDEX patient_ehr_ref ON patient(ehr_ref) WHERE ehr_ref IS NOT NULL",
        """
        CREATE TABLE patient_identifier (
            patient_id TEXT NOT NULL REFERENCES patient(id),
            system     TEXT NOT NULL,
            value      TEXT NOT NULL,
            PRIMARY KEY (system, value)
        )""",
        "CREATE INDEX patient_identifier_patient ON patient_identifier(patient_id)",
        "CREATE INDEX patient_name ON patient(family_norm, birth_date)",
        "ALTER TABLE exam ADD COLUMN patient_id TEXT REFERENCES patient(id)",
        "ALTER TABLE exam ADD COLUMN close_note TEXT",
        "ALTER TABLE exam ADD COLUMN conclusion TEXT",
        // Times as epoch milliseconds for range queries (ISO texts of varying precision do not sort as times).
        "ALTER TABLE exam ADD COLUMN opened_ms INTEGER",
        "ALTER TABLE exam ADD COLUMN closed_ms INTEGER",
        "ALTER TABLE exam ADD COLUMN closes_ms INTEGER",
        "UPDATE exam SET opened_ms = CAST(strftime('%s', opened_at) AS INTEGER) * 1000,"
                + " closed_ms = CAST(strftime('%s', closed_at) AS INTEGER) * 1000",
        "CREATE INDEX exam_station ON exam(station, opened_ms)",
        "CREATE TABLE sample (id TEXT PRIMARY KEY, exam_id TEXT NOT NULL REFERENCES exam(id), issued_at TEXT NOT NULL)",
        "CREATE INDEX sample_exam ON sample(exam_id)",
        """
        CREATE TABLE device_station (
            id        INTEGER PRIMARY KEY,
            device_id TEXT NOT NULL,
            station   TEXT NOT NULL,
            since_ms  INTEGER NOT NULL,
            source    TEXT NOT NULL,
            actor     TEXT,
            reason    TEXT,
            recorded_at TEXT NOT NULL
        )""",
        "CREATE INDEX device_station_device ON device_station(device_id, since_ms)",
        """
        CREATE TABLE device_clock (
            device_id  TEXT PRIMARY KEY,
            samples    TEXT NOT NULL,
            offset_ms  INTEGER,
            plateau_ms INTEGER,
            plateau_since INTEGER,
            confirmed_ms INTEGER,
            trusted    INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "ALTER TABLE reading ADD COLUMN binding_state TEXT NOT NULL DEFAULT 'UNASSIGNED'",
        "ALTER TABLE reading ADD COLUMN binding_rule TEXT",
        "ALTER TABLE reading ADD COLUMN binding_evidence TEXT",
        "ALTER TABLE reading ADD COLUMN binding_version INTEGER NOT NULL DEFAULT 1",
        "ALTER TABLE reading ADD COLUMN effective_time TEXT",
        "ALTER TABLE reading ADD COLUMN time_note TEXT",
        "ALTER TABLE reading ADD COLUMN held_exam TEXT",
        // Readings journaled before version 3 were bound by the old rule (the exam open when journaled).
        "UPDATE reading SET binding_state = 'BOUND', binding_rule = 'LEGACY' WHERE exam_id IS NOT NULL",
        "CREATE INDEX reading_binding ON reading(binding_state, id)",
        """
        CREATE TABLE binding_change (
            id          INTEGER PRIMARY KEY,
            reading_id  INTEGER NOT NULL REFERENCES reading(id),
            action      TEXT NOT NULL,
            at          TEXT NOT NULL,
            actor       TEXT NOT NULL,
            reason      TEXT,
            from_exam   TEXT,
            from_version INTEGER,
            to_exam     TEXT,
            to_version  INTEGER
        )""",
        "CREATE INDEX binding_change_reading ON binding_change(reading_id)",
        // A reading may now have several outbox items (upload, retraction, upload after re-assignment).
        "DROP INDEX outbox_reading",
        "CREATE INDEX outbox_reading ON outbox(reading_id, kind)",
        "ALTER TABLE outbox ADD COLUMN ref TEXT",
        "UPDATE outbox SET ref = '1' WHERE kind = 'READING'"
    }, new String[] {
        // Version 4 (specialist invites): links a GP gives a remote specialist to one exam, and every use of one,
        // granted or refused, kept here and sent to the EHR as an AuditEvent (outbox kind ACCESS_AUDIT).
        """
        CREATE TABLE invite (
            id            TEXT PRIMARY KEY,
            exam_id       TEXT NOT NULL REFERENCES exam(id),
            label         TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            created_by    TEXT,
            expires_ms    INTEGER NOT NULL,
            revoked_at    TEXT,
            revoked_by    TEXT,
            revoke_reason TEXT
        )""",
        "CREATE INDEX invite_exam ON invite(exam_id, created_at)",
        """
        CREATE TABLE invite_access (
            id        INTEGER PRIMARY KEY,
            invite_id TEXT,
            exam_id   TEXT,
            at        TEXT NOT NULL,
            access    TEXT NOT NULL,
            refusal   TEXT,
            address   TEXT
        )""",
        "CREATE INDEX invite_access_invite ON invite_access(invite_id, id)"
    }, new String[] {
        // Version 5 (technician's pages): instruments added through the API (kept as the validated request, JSON, so they
        // are checked again against this build's drivers at every start), and dead letters a person discarded,
        // with who, when, why and the EHR's answer at that moment.
        """
        CREATE TABLE device_registration (
            device_id  TEXT PRIMARY KEY,
            spec       TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            actor      TEXT NOT NULL
        )""",
        """
        CREATE TABLE outbox_discard (
            outbox_id    INTEGER PRIMARY KEY REFERENCES outbox(id),
            actor        TEXT NOT NULL,
            reason       TEXT NOT NULL,
            discarded_at TEXT NOT NULL,
            last_error   TEXT
        )"""
    }, new String[] {
        // Version 6 (delivery under faults): when each item was first and last tried and when it died, the EHR's
        // OperationOutcome kept with a dead letter, and the device of READING items (delivery keeps per-device
        // order). Pending items are read in id order through their own partial index, a page at a time.
        "ALTER TABLE outbox ADD COLUMN first_attempt_ms INTEGER",
        "ALTER TABLE outbox ADD COLUMN last_attempt_ms INTEGER",
        "ALTER TABLE outbox ADD COLUMN dead_at TEXT",
        "ALTER TABLE outbox ADD COLUMN outcome TEXT",
        "UPDATE outbox SET device_id = (SELECT r.device_id FROM reading r WHERE r.id = outbox.reading_id)"
                + " WHERE kind = 'READING' AND device_id IS NULL",
        "CREATE INDEX outbox_pending ON outbox(id) WHERE state = 'PENDING'",
        "CREATE INDEX outbox_dead ON outbox(id) WHERE state = 'DEAD'"
    });

    private JournalSchema() {
    }

    static void migrate(Connection c) throws SQLException {
        migrate(c, MIGRATIONS.size());
    }

    /** Migrates up to schema {@code target} only: lets tests make a journal as an older gateway left it. */
    static void migrate(Connection c, int target) throws SQLException {
        int version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > MIGRATIONS.size()) {
            throw new SQLException("the journal was written by a newer gateway (schema " + version
                    + ", this version knows " + MIGRATIONS.size() + "); run that version or a newer one");
        }
        for (int v = version; v < target; v++) {
            try (Statement s = c.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
            }
            c.commit();
        }
    }
}
