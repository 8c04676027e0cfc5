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

/** Rows of the journal's tables to records, and statement plumbing shared by {@link Journal}'s queries. */
final class JournalRows {

    private JournalRows() {
    }

    static Optional<Exam> oneExam(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(exam(rs, 1)) : Optional.empty();
            }
        }
    }

    static Exam exam(ResultSet rs, int col) throws SQLException {
        return new Exam(rs.getString(col), rs.getString(col + 1),
                new PatientIdentifier(rs.getString(col + 2), rs.getString(col + 3)), Instant.parse(rs.getString(col + 4)),
                instant(rs.getString(col + 5)), rs.getString(col + 6));
    }

    static List<StoredReading> storedReadings(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<StoredReading> out = new ArrayList<>();
            while (rs.next()) {
                Exam exam = rs.getString(5) == null ? null : exam(rs, 5);
                Outbox.Item item = rs.getObject(12) == null ? null : outboxItem(rs, 12);
                out.add(new StoredReading(rs.getLong(1), rs.getString(2), Instant.parse(rs.getString(3)),
                        ReadingCodec.fromJson(rs.getString(4)), exam, item));
            }
            return out;
        }
    }

    static List<Outbox.Item> outboxItems(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<Outbox.Item> out = new ArrayList<>();
            while (rs.next()) {
                out.add(outboxItem(rs, 1));
            }
            return out;
        }
    }

    static Outbox.Item outboxItem(ResultSet rs, int col) throws SQLException {
        long readingId = rs.getLong(col + 2);
        Long reading = rs.wasNull() ? null : readingId;
        String ids = rs.getString(col + 9);
        return new Outbox.Item(rs.getLong(col), Outbox.Kind.valueOf(rs.getString(col + 1)), reading,
                rs.getString(col + 3), Outbox.State.valueOf(rs.getString(col + 4)), rs.getInt(col + 5),
                Instant.parse(rs.getString(col + 6)), instant(rs.getString(col + 7)), rs.getString(col + 8),
                ids == null || ids.isEmpty() ? List.of() : List.of(ids.split(",")));
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
        return ps;
    }

    static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }}
