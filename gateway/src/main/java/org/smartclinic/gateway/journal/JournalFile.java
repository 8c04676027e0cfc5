package org.smartclinic.gateway.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteConfig;

/**
 * The journal's SQLite file: how its connections are opened, and its size limit (SQLite's {@code max_page_count}),
 * which the database sets once and the writer raises and lowers around deletes that make room.
 */
final class JournalFile {

    private JournalFile() {
    }

    /** A connection to {@code file}: WAL, flushed at each commit, foreign keys on. */
    static Connection connect(Path file) throws SQLException {
        return connect(file, SQLiteConfig.SynchronousMode.FULL);
    }

    /**
     * The writer's connection: as {@link #connect}, but a commit writes the transaction to the log without flushing
     * it ({@code synchronous=NORMAL}); {@link LogFlusher} flushes it before anyone is told it is stored.
     */
    static Connection connectWriter(Path file) throws SQLException {
        return connect(file, SQLiteConfig.SynchronousMode.NORMAL);
    }

    private static Connection connect(Path file, SQLiteConfig.SynchronousMode synchronous) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setBusyTimeout(5000);
        config.enforceForeignKeys(true);
        // Off: with it on, the driver runs and compiles "SELECT last_insert_rowid()" after every INSERT, which was
        // a third of the writer's work per reading; the journal asks for the row id itself where it needs one.
        config.setGetGeneratedKeys(false);
        // 16 MiB of page cache (default 2 MiB): one group commit of a few thousand readings then fits without
        // spilling pages to the WAL before its commit.
        config.setCacheSize(-16_384);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Limits the file to about {@code maxBytes}; returns the limit in pages. */
    static long limitSize(Connection c, long maxBytes) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_size")) {
            rs.next();
            long pages = Math.max(1, maxBytes / rs.getLong(1));
            setMaxPages(c, pages);
            return pages;
        }
    }

    /**
     * Sets the limit in pages. A pragma, not a write: it runs outside the transaction the driver keeps open and
     * cannot fail for room.
     */
    static void setMaxPages(Connection c, long pages) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA max_page_count = " + pages);
        }
    }
}
