package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * Copies the journal's write-ahead log into the database file on a thread and connection of its own, so that the
 * writer thread, the one every device waits for, does not. With SQLite's automatic checkpoint the commit that
 * filled the log copies it, and flushes the database file, before the writer may start on the next batch: in the
 * ingest benchmark that was about three quarters of the commit's time (docs/benchmarks.md). The writer connection
 * has its automatic checkpoint switched off; after each commit the writer asks for a pass here ({@link #committed}),
 * which runs while it works on the next batch.
 * <p>
 * SQLite starts the log from its beginning again only when a write transaction begins while everything in it has
 * been copied. A pass that overlaps the next batch never allows that, so the log would grow for as long as devices
 * keep sending. Therefore, once {@value #RESTART_EVERY} commits went by since the log could last start over and the
 * log holds {@value #RESTART_PAGES} pages or more, or after any commit once it holds {@value #RESTART_ANYWAY_PAGES},
 * the writer waits for the passes asked so far before its next batch ({@link #beforeBatch}): the log then holds at
 * most that many batches or about 64 MiB and two batches, and the copying of the others overlaps the writer's
 * work. A pass that fails (a full disk) is logged and counted, and the writer goes on; the log then
 * grows until a later pass succeeds, as it would with SQLite's own checkpoint, which ignores failures. The writer
 * never waits longer than {@link #MAX_WAIT}. Passes start at most every {@link #MIN_INTERVAL} unless the writer waits
 * for one or is likely to after its next commit (then the pass starts at once, so that the wait is only for the last
 * commit's pages), so that devices committing a reading at a time do not add a pass (two flushes) to every commit.
 * Once the writer has waited for everything to be copied, the log counts as empty: its next commit starts it over.
 * Checkpoints are part of SQLite's crash safety: one cut off by a crash is completed from the log when the file is
 * next opened.
 */
final class Checkpointer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Checkpointer.class);
    /** Commits after which the writer lets the log start over (the log then holds at most this many batches). */
    static final int RESTART_EVERY = 16;
    /**
     * Pages in the log (64 MiB) from which the writer lets it start over whatever the commits since: large batches
     * (a flood of stored-reading uploads) must not grow the log to {@value #RESTART_EVERY} of them.
     */
    static final int RESTART_ANYWAY_PAGES = 16_384;
    /**
     * Pages in the log below which the writer does not wait for it to start over (SQLite's own checkpoint threshold):
     * small commits, one reading at a time, would otherwise wait for a pass every few commits.
     */
    static final int RESTART_PAGES = 1000;
    /** The longest the writer waits for a pass (a disk that hangs must not stop the journal). */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /**
     * The least time between the starts of two passes, unless the writer waits for one: a pass flushes the log and
     * the database file, and a device that stores one reading per commit must not double its flushes.
     */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private final Connection connection;
    private final Thread thread;
    private final Object lock = new Object();
    /** Passes asked for and passes ended (each covering every request before it); guarded by {@link #lock}. */
    private long requested;
    private long ended;
    private boolean closing;
    /** The writer waits for the passes asked so far: run them now, whatever {@link #MIN_INTERVAL} says. */
    private boolean urgent;
    private final long minIntervalNanos;
    private long lastPassStarted;
    private int commitsSinceRestart;
    /** Pages in the log when the last pass ran. */
    private volatile int logPages;
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong waitNanos = new AtomicLong();

    /** Starts the thread that checkpoints through {@code connection} (its own; closed with this). */
    Checkpointer(Connection connection) {
        this(connection, MIN_INTERVAL);
    }

    /** As {@link #Checkpointer(Connection)}, passes at most every {@code minInterval} unless the writer waits. */
    Checkpointer(Connection connection, Duration minInterval) {
        this.connection = connection;
        this.minIntervalNanos = minInterval.toNanos();
        this.lastPassStarted = System.nanoTime() - minIntervalNanos;
        this.thread = Thread.ofPlatform().name("journal-checkpoint").daemon(true).start(this::loop);
    }

    /** Switches SQLite's automatic checkpoint off on {@code writer}: this class does the checkpoints. */
    static void takeOver(Connection writer) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
        }
    }

    /** The thread that runs the passes. */
    Thread thread() {
        return thread;
    }

    /** Writer thread, after a commit: asks for a pass. */
    void committed() {
        synchronized (lock) {
            commitsSinceRestart++;
            requested++;
            if (restartDue(commitsSinceRestart + 1, RESTART_ANYWAY_PAGES * 3 / 4)) {
                // the writer is likely to wait for the passes after its next commit: copy what there is now, so
                // that the wait is for that commit's pages only
                urgent = true;
            }
            lock.notifyAll();
        }
    }

    /**
     * Writer thread, before it begins a batch: after {@value #RESTART_EVERY} commits, when the last pass found at
     * least {@value #RESTART_PAGES} pages in the log, or after any commit when it found
     * {@value #RESTART_ANYWAY_PAGES}, waits until the passes asked so far ended, so that the batch's transaction can
     * start the log over.
     */
    void beforeBatch() {
        long started = System.nanoTime();
        long deadline = started + MAX_WAIT.toNanos();
        synchronized (lock) {
            if (!restartDue(commitsSinceRestart, RESTART_ANYWAY_PAGES)) {
                return;
            }
            if (ended < requested) {
                urgent = true;
                lock.notifyAll();
            }
            while (ended < requested && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warnf("journal checkpoint has not ended within %s; the write-ahead log grows until it does",
                            MAX_WAIT);
                    break;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    // the batch it drained is stored all the same; the thread's owner sees the interrupt next
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            commitsSinceRestart = 0;
            if (ended >= requested) {
                // Everything is copied: this batch starts the log over. The size the last pass found is history, and
                // taken for the log's size it would hold the writer again after the next commit, for a log of one.
                logPages = 0;
            }
        }
        waitNanos.addAndGet(System.nanoTime() - started);
    }

    /**
     * The restart rule, after {@code commits} commits since the log last started over: {@value #RESTART_EVERY} of
     * them and a log of {@value #RESTART_PAGES} pages, or any commit and a log of {@code anywayPages}. Guarded by
     * {@link #lock}.
     */
    private boolean restartDue(int commits, int anywayPages) {
        return commits >= RESTART_EVERY && logPages >= RESTART_PAGES || commits > 0 && logPages >= anywayPages;
    }

    private void loop() {
        while (true) {
            long target;
            synchronized (lock) {
                try {
                    while (ended >= requested && !closing) {
                        lock.wait();
                    }
                    long due = lastPassStarted + minIntervalNanos;
                    for (long left = due - System.nanoTime(); left > 0 && !urgent && !closing;
                            left = due - System.nanoTime()) {
                        lock.wait(Math.max(1, left / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (closing) {
                    return;
                }
                urgent = false;
                lastPassStarted = System.nanoTime();
                target = requested;
            }
            pass();
            synchronized (lock) {
                ended = target;
                lock.notifyAll();
            }
        }
    }

    /** One passive checkpoint: copies what it can without waiting for any lock. */
    private void pass() {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            passes.incrementAndGet();
            if (rs.next()) {
                logPages = rs.getInt(2);
                if (rs.getInt(1) != 0) {
                    LOG.debugf("journal checkpoint could not copy all of the log (log %d pages, copied %d)",
                            rs.getInt(2), rs.getInt(3));
                }
            }
        } catch (SQLException e) {
            if (failures.getAndIncrement() % 100 == 0) {
                LOG.warnf("journal checkpoint failed, the write-ahead log grows until one succeeds: %s",
                        WriteHealth.isStorageError(e) ? WriteHealth.describe(e) : e.getMessage());
            }
        }
    }

    /** Checkpoint passes run so far. */
    long passes() {
        return passes.get();
    }

    /** Passes that failed so far. */
    long failures() {
        return failures.get();
    }

    /** Nanoseconds the writer has waited for passes so far. */
    long waitNanos() {
        return waitNanos.get();
    }

    /** Stops the thread (a pass under way ends first) and closes its connection. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            thread.join(MAX_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the journal's checkpoint connection: " + e.getMessage());
        }
    }
}
