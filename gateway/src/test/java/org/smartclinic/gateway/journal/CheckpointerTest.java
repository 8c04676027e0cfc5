package org.smartclinic.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * {@value Checkpointer#RESTART_EVERY} commits or once the log is very large, passes keep an interval unless the writer
 * waits for one or is about to, and a pass that fails never holds the writer.
 */
class CheckpointerTest {

    @TempDir
    Path dir;

    /**
     * A database in WAL mode with a table and one committed row of {@code bytes}, so that its log has something to
     * copy.
     */
    private Connection wal(String name, int bytes) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            Checkpointer.takeOver(c);
            s.execute("CREATE TABLE t (x BLOB)");
            s.execute("INSERT INTO t VALUES (zeroblob(" + bytes + "))");
        }
        return c;
    }

    /** A log of more than {@link Checkpointer#RESTART_PAGES} pages: the writer waits for it to start over. */
    private static final int LARGE = 5 * 1024 * 1024;

    /** A checkpointer with a connection of its own to {@code name}, passes at most every {@code interval}. */
    private Checkpointer checkpointerOf(String name, Duration interval) throws Exception {
        return new Checkpointer(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(name)), interval);
    }

    /** One commit, its pass run: the checkpointer knows how large the log is. */
    private static void firstPass(Checkpointer checkpointer) {
        checkpointer.committed();
        await().atMost(Duration.ofSeconds(10)).until(() -> checkpointer.passes() == 1);
    }

    @Test
    void beforeBatch_afterRestartEveryCommitsLargeLog_returnsOnlyWhenThePassesAskedForHaveRun() throws Exception {
        try (Connection writer = wal("a.db", LARGE);
                Checkpointer checkpointer = checkpointerOf("a.db", Checkpointer.MIN_INTERVAL)) {
            firstPass(checkpointer);
            for (int i = 1; i < Checkpointer.RESTART_EVERY; i++) {
                checkpointer.committed();
            }

            checkpointer.beforeBatch();

            assertThat(checkpointer.passes()).as("the passes asked for ran before the writer went on").isEqualTo(2);
            assertThat(checkpointer.failures()).isZero();
            try (Statement s = writer.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                assertThat(rs.getInt(3)).as("everything in the log was already copied").isEqualTo(rs.getInt(2));
            }
        }
    }

    @Test
    void committed_soonAfterAPass_waitsForTheIntervalUntilTheWriterIsAboutToWait() throws Exception {
        try (Connection writer = wal("c.db", LARGE);
                Checkpointer checkpointer = checkpointerOf("c.db", Duration.ofSeconds(30))) {
            firstPass(checkpointer);

            for (int i = 1; i < Checkpointer.RESTART_EVERY - 2; i++) {
                checkpointer.committed();
            }
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> checkpointer.passes() == 1);
            checkpointer.committed();
            await().atMost(Duration.ofSeconds(10)).until(() -> checkpointer.passes() == 2);
            assertThat(checkpointer.waitNanos()).as("the commit before a wait starts a pass at once").isZero();
            checkpointer.committed();

            long started = System.nanoTime();
            checkpointer.beforeBatch();
            assertThat(checkpointer.passes()).as("the writer's wait ran the last pass at once").isEqualTo(3);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(writer.isClosed()).isFalse();
        }
    }

    @Test
    void beforeBatch_fewerCommits_doesNotWait() throws Exception {
        try (Connection writer = wal("b.db", LARGE);
                Checkpointer checkpointer = checkpointerOf("b.db", Duration.ofSeconds(30))) {
            firstPass(checkpointer);
            checkpointer.committed();

            checkpointer.beforeBatch();

            assertThat(checkpointer.waitNanos()).as("two commits: the writer goes straight on").isZero();
            assertThat(checkpointer.passes()).as("the second pass waits for its interval").isEqualTo(1);
            assertThat(writer.isClosed()).isFalse();
        }
    }

    @Test
    void beforeBatch_logPastRestartAnywayPages_waitsAfterOneCommitButNotAgainOnceItStartedOver() throws Exception {
        int bytes = (Checkpointer.RESTART_ANYWAY_PAGES + 256) * 4096;
        try (Connection writer = wal("e.db", bytes);
                Checkpointer checkpointer = checkpointerOf("e.db", Duration.ofSeconds(30))) {
            firstPass(checkpointer);
            checkpointer.committed();

            checkpointer.beforeBatch();

            assertThat(checkpointer.passes()).as("a log this large starts over after any commit").isEqualTo(2);
            long waited = checkpointer.waitNanos();
            assertThat(waited).isPositive();
            try (Statement s = writer.createStatement()) {
                s.execute("INSERT INTO t VALUES (zeroblob(100))");
            }
            assertThat(logPages(dir.resolve("e.db"))).as("the next commit started the log over").isLessThan(10);

            checkpointer.committed();
            checkpointer.beforeBatch();

            assertThat(checkpointer.waitNanos()).as("a log of one small commit: the writer goes straight on")
                    .isEqualTo(waited);
            assertThat(checkpointer.passes()).isEqualTo(2);
        }
    }

    @Test
    void beforeBatch_smallLog_doesNotWait() throws Exception {
        try (Connection writer = wal("d.db", 100_000);
                Checkpointer checkpointer = checkpointerOf("d.db", Duration.ofSeconds(30))) {
            firstPass(checkpointer);
            for (int i = 1; i < Checkpointer.RESTART_EVERY; i++) {
                checkpointer.committed();
            }

            checkpointer.beforeBatch();

            assertThat(checkpointer.waitNanos()).as("a log of a few pages: no need to start it over").isZero();
            assertThat(checkpointer.passes()).isEqualTo(1);
            assertThat(writer.isClosed()).isFalse();
        }
    }

    @Test
    void pass_fails_isCountedAndTheWriterGoesOnAtOnce() throws Exception {
        try (Checkpointer checkpointer = new Checkpointer(closedConnection())) {
            for (int i = 0; i < Checkpointer.RESTART_EVERY; i++) {
                checkpointer.committed();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> checkpointer.failures() > 0);
            long started = System.nanoTime();

            checkpointer.beforeBatch();

            assertThat(checkpointer.passes()).as("a pass that failed is not counted as run").isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held until MAX_WAIT")
                    .isLessThan(Checkpointer.MAX_WAIT);
        }
    }

    @Test
    void journal_manyCommits_theLogIsCopiedAndStartsOverInsteadOfGrowing() throws Exception {
        Path file = dir.resolve("journal.db");
        byte[] pad = new byte[256 * 1024];
        try (JournalDatabase db = JournalDatabase.open(file)) {
            for (int i = 0; i < 80; i++) {
                db.write(c -> {
                    String sql = "INSERT INTO probe (written_at, pad) VALUES (?, ?)";
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setString(1, "w");
                        ps.setBytes(2, pad);
                        return ps.executeUpdate();
                    }
                }).join();
                if (i % 10 == 9) {
                    // let a pass see the log: passes keep an interval, and this disk writes 10 commits in less
                    long passes = db.activity().checkpointPasses();
                    await().atMost(Duration.ofSeconds(10)).until(() -> db.activity().checkpointPasses() > passes);
                }
            }

            // 20 MiB committed in 80 transactions (about 5,300 pages of log): without checkpoints (the writer's own
            // are off) the log would hold all of it and the file none; with them the log starts over (here each time
            // a pass has copied it all before the next commit) and the file holds the rest.
            assertThat(logPages(file)).isLessThan(3 * Checkpointer.RESTART_PAGES);
            assertThat(Files.size(file)).isGreaterThan(14L * 1024 * 1024);
            assertThat(db.activity().checkpointFailures()).isZero();
        }
        assertThat(Files.exists(Path.of(file + "-wal"))).as("closing copies the rest and removes the log").isFalse();
    }

    /** Pages in the log of {@code file} now (SQLite's own answer; the file keeps its size when the log restarts). */
    private static int logPages(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            return rs.getInt(2);
        }
    }

    private Connection closedConnection() throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("closed.db"));
        c.close();
        return c;
    }
}
