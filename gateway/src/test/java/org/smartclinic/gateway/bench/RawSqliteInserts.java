package org.smartclinic.gateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.sqlite.SQLiteConfig;

/**
 * The ceiling the journal is compared with: a plain JDBC loop inserting reading-sized rows (a reading row and its
 * raw-capture row, with their indexes) into a fresh SQLite file in WAL mode with {@code synchronous=FULL}, in
 * transactions of a given number of readings, on the same disk as the gateway's journal.
 */
final class RawSqliteInserts {

    private RawSqliteInserts() {
    }

    /**
     * Inserts {@code readings} readings, {@code perTransaction} per commit, and returns readings per second.
     *
     * @param payload a reading's JSON as the journal stores it (its size is what matters)
     * @param raw     the raw bytes of one message
     */
    static double run(Path file, int readings, int perTransaction, String payload, byte[] raw) throws Exception {
        Files.deleteIfExists(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE raw_capture (id INTEGER PRIMARY KEY, device_id TEXT, received_at TEXT,"
                        + " size INTEGER, bytes BLOB)");
                s.execute("CREATE TABLE reading (id INTEGER PRIMARY KEY, device_id TEXT, reading_key TEXT,"
                        + " received_at TEXT, payload TEXT, capture_id INTEGER, UNIQUE (device_id, reading_key))");
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            insert(c, readings, perTransaction, payload, raw);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return readings * 1e9 / took.toNanos();
        }
    }

    private static void insert(Connection c, int readings, int perTransaction, String payload, byte[] raw)
            throws SQLException {
        try (PreparedStatement cap = c.prepareStatement("INSERT INTO raw_capture (device_id, received_at, size, bytes)"
                + " VALUES (?, ?, ?, ?)");
                PreparedStatement rd = c.prepareStatement("INSERT INTO reading (device_id, reading_key, received_at,"
                        + " payload, capture_id) VALUES (?, ?, ?, ?, last_insert_rowid())")) {
            for (int i = 0; i < readings; i++) {
                cap.setString(1, "load-1");
                cap.setString(2, "2026-12-03T21:00:00Z");
                cap.setInt(3, raw.length);
                cap.setBytes(4, raw);
                cap.executeUpdate();
                rd.setString(1, "load-1");
                rd.setString(2, "k-" + i);
                rd.setString(3, "2026-12-03T21:00:00Z");
                rd.setString(4, payload);
                rd.executeUpdate();
                if ((i + 1) % perTransaction == 0) {
                    c.commit();
                }
            }
            c.commit();
        }
    }
}
