package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's own checkpoints ({@link Checkpointer}) on real SQLite files: the log is copied into the database file
 * and starts over while the writer keeps committing, the writer waits for the passes only every
 * {@value Checkpointer#RESTART_EVERY} commits, and a pass that fails never holds the writer.
 */
class CheckpointerTest {

    @TempDir
    Path dir;

    /** A database in WAL mode with a table and one committed row, so that its log has something to copy. */
    private Connection wal(String name) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            Checkpointer.takeOver(c);
            s.execute("CREATE TABLE t (x BLOB)");
            s.execute("INSERT INTO t VALUES (zeroblob(100000))");
        }
        return c;
    }

    @Test
    void beforeBatch_afterRestartEveryCommits_returnsOnlyWhenThePassesAskedForHaveRun() throws Exception {
        try (Connection writer = wal("a.db");
                Checkpointer checkpointer = new Checkpointer(DriverManager.getConnection(
                        "jdbc:sqlite:" + dir.resolve("a.db")))) {
            for (int i = 0; i < Checkpointer.RESTART_EVERY; i++) {
                checkpointer.committed();
            }

            checkpointer.beforeBatch();

            assertThat(checkpointer.passes()).as("the passes asked for ran before the writer went on").isPositive();
            assertThat(checkpointer.failures()).isZero();
            try (Statement s = writer.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                assertThat(rs.getInt(3)).as("everything in the log was already copied").isEqualTo(rs.getInt(2));
            }
        }
    }

    @Test
    void beforeBatch_fewerCommits_doesNotWait() throws Exception {
        try (Connection writer = wal("b.db"); Checkpointer checkpointer = new Checkpointer(closedConnection())) {
            checkpointer.committed();

            checkpointer.beforeBatch();

            assertThat(checkpointer.waitNanos()).as("one commit: the writer goes straight on").isZero();
            assertThat(writer.isClosed()).isFalse();
        }
    }

    @Test
    void pass_fails_isCountedAndTheWriterGoesOnAtOnce() throws Exception {
        try (Checkpointer checkpointer = new Checkpointer(closedConnection())) {
            for (int i = 0; i < Checkpointer.RESTART_EVERY; i++) {
                checkpointer.committed();
            }
            long started = System.nanoTime();

            checkpointer.beforeBatch();

            assertThat(checkpointer.failures()).isPositive();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held until MAX_WAIT")
                    .isLessThan(Checkpointer.MAX_WAIT);
        }
    }

    @Test
    void journal_manyCommits_theLogIsCopiedAndStartsOverInsteadOfGrowing() throws Exception {
        Path file = dir.resolve("journal.db");
        byte[] pad = new byte[256 * 1024];
        try (JournalDatabase db = JournalDatabase.open(file)) {
            for (int i = 0; i < 40; i++) {
                db.write(c -> {
                    String sql = "INSERT INTO probe (written_at, pad) VALUES (?, ?)";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, "w");
                        ps.setBytes(2, pad);
                        return ps.executeUpdate();
                    }
                }).join();
            }

            // 10 MiB committed in 40 transactions: without checkpoints (the writer's own are off) the log would hold
            // all of it; with them it holds a few transactions at most.
            assertThat(Files.size(Path.of(file + "-wal"))).isLessThan(4L * 1024 * 1024);
            assertThat(Files.size(file)).isGreaterThan(10L * 1024 * 1024);
            assertThat(db.checkpointPasses()).isPositive();
            assertThat(db.checkpointFailures()).isZero();
        }
        assertThat(Files.exists(Path.of(file + "-wal"))).as("closing copies the rest and removes the log").isFalse();
    }

    private Connection closedConnection() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("closed.db"));
        c.close();
        return c;
    }
}
