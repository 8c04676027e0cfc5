package org.smartclinic.gateway.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

/**
 * The SQLite file behind the journal: one writer connection owned by one thread that group-commits queued work,
 * and one reader connection (WAL lets it read while the writer writes).
 *
 * <p>Each queued unit of work runs inside its own savepoint ({@link JournalWriter}), so one failing unit (a
 * constraint violation, say) fails only its own future while the rest of the batch commits. A future completes only
 * after COMMIT returned and the WAL holding it was flushed to the disk ({@link LogFlusher}, on a thread of its own,
 * while the writer goes on with the next batch).
 *
 * <p>Memory stays bounded whatever the backlog: at most {@link Limits#queueLimit()} units wait for the writer; a
 * caller beyond that waits up to {@link Limits#queueWait()} for room and then gets a failed future saying the
 * journal is not keeping up (a device is then NAKed and keeps its data). Work queued by the writer thread itself
 * (a callback of a commit) is never refused, so it cannot wait for itself.
 */
public final class JournalDatabase implements AutoCloseable {

    /** Work to run on a connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = Logger.getLogger(JournalDatabase.class);
    private static final int MAX_BATCH = 512;

    /**
     * How big the journal may grow and how much work may wait for its writer.
     *
     * @param maxBytes   the most the database file may grow to (SQLite's {@code max_page_count}); beyond it writes
     *                   fail as on a full disk; 0 for no limit
     * @param queueLimit the most units of work waiting for the writer or being written
     * @param queueWait  how long a caller waits for room in a full queue before its write fails
     */
    public record Limits(long maxBytes, int queueLimit, Duration queueWait) {
        /** No size limit, 10,000 queued units, 5 s wait. */
        public static final Limits DEFAULT = new Limits(0, 10_000, Duration.ofSeconds(5));

        public Limits {
            if (queueLimit < 1) {
                throw new IllegalArgumentException("the journal's write queue must hold at least 1: " + queueLimit);
            }
        }
    }

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final WriteQueue queue;
    private final Thread writerThread;
    private final JournalWriter committer;
    private final Checkpointer checkpointer;
    private final JournalActivity activity;
    private volatile boolean closing;

    private JournalDatabase(Path file, Limits limits, UnaryOperator<LogFlusher.Flush> watch) throws SQLException {
        this.file = file;
        this.queue = new WriteQueue(limits.queueLimit(), limits.queueWait());
        this.writer = JournalFile.connectWriter(file);
        Checkpointer.takeOver(writer);
        this.writer.setAutoCommit(false);
        JournalSchema.migrate(writer);
        this.committer = new JournalWriter(writer, limits.maxBytes() > 0
                ? JournalFile.limitSize(writer, limits.maxBytes()) : 0, file, watch);
        this.reader = JournalFile.connect(file);
        this.checkpointer = new Checkpointer(JournalFile.connect(file));
        this.writerThread = Thread.ofPlatform().name("journal-writer").daemon(true).unstarted(this::writeLoop);
        this.activity = new JournalActivity(committer, checkpointer, writerThread);
    }

    /** Opens (creating folder and file as needed) and migrates the journal at {@code file}, with no size limit. */
    public static JournalDatabase open(Path file) {
        return open(file, 0);
    }

    /**
     * Opens (creating folder and file as needed) and migrates the journal at {@code file}.
     *
     * @param maxBytes the most the database file may grow to (SQLite's {@code max_page_count}); beyond it writes
     *                 fail as on a full disk; 0 for no limit
     */
    public static JournalDatabase open(Path file, long maxBytes) {
        return open(file, new Limits(maxBytes, Limits.DEFAULT.queueLimit(), Limits.DEFAULT.queueWait()));
    }

    /** Opens (creating folder and file as needed) and migrates the journal at {@code file}, within {@code limits}. */
    public static JournalDatabase open(Path file, Limits limits) {
        return open(file, limits, UnaryOperator.identity());
    }

    /** {@link #open(Path, Limits)}, its log's flush wrapped by {@code watch} (tests watch the real flush). */
    static JournalDatabase open(Path file, Limits limits, UnaryOperator<LogFlusher.Flush> watch) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            JournalDatabase db = new JournalDatabase(file, limits, watch);
            db.writerThread.start();
            return db;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot open the journal " + file.toAbsolutePath() + ": " + e.getMessage()
                    + " (check that the data folder exists, is writable and is not on a network share)", e);
        }
    }

    public Path file() {
        return file;
    }

    /** Whether writes succeed, as last seen; no query. */
    public WriteHealth writeHealth() {
        return committer.health();
    }

    /** True while the writer thread runs (liveness: no query). */
    public boolean writerAlive() {
        return writerThread.isAlive();
    }

    /** Room the probe needs: about as much as a reading with a large raw capture. */
    static final int PROBE_BYTES = 64 * 1024;

    /**
     * Checks through the normal write path that the journal has room to write: inserts a row of
     * {@value #PROBE_BYTES} bytes and deletes it in the same transaction, so a disk that filled up (or got room
     * again) while nothing else was written shows in {@link #writeHealth()}. The future fails as any write would.
     */
    public CompletableFuture<Integer> probe() {
        return write(WriteTask.Kind.PROBE, c -> {
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO probe (written_at, pad) VALUES (?, ?)");
                    Statement del = c.createStatement()) {
                ins.setString(1, Instant.now().toString());
                ins.setBytes(2, new byte[PROBE_BYTES]);
                ins.executeUpdate();
                return del.executeUpdate("DELETE FROM probe");
            }
        }, null);
    }

    /**
     * Queues {@code work} for the writer; the future completes after the transaction holding it committed. When
     * the queue is full the caller waits for room up to {@link Limits#queueWait()}; then the future fails.
     */
    public <T> CompletableFuture<T> write(SqlWork<T> work) {
        return write(WriteTask.Kind.NORMAL, work, null);
    }

    /**
     * {@link #write(SqlWork)} of work that only stores readings (see {@link #factsGeneration}), telling
     * {@code committed} the result on the writer thread right after the commit: before the future completes and
     * before anything queued later commits, so what it hands on is in commit order. It must be quick and must not
     * wait (it holds up every writer); what it throws is logged and ignored.
     */
    <T> CompletableFuture<T> append(SqlWork<T> work, Consumer<? super T> committed) {
        return write(WriteTask.Kind.APPEND, work, committed);
    }

    /**
     * Changes each time the writer runs anything but an {@link #append}, or rolls anything back: facts read from
     * the writer's connection (the binding's exams, placements, samples) stay true while it is unchanged. Read
     * and compared on the writer thread only, inside a unit of work.
     */
    long factsGeneration() {
        return committer.factsGeneration();
    }

    /**
     * Queues {@code work} that deletes to make room (retention): as {@link #write}, but committed in a transaction
     * of its own and allowed a small reserve beyond the size limit, so a full journal can always get room back.
     */
    public <T> CompletableFuture<T> freeRoom(SqlWork<T> work) {
        return write(WriteTask.Kind.FREES, work, null);
    }

    private <T> CompletableFuture<T> write(WriteTask.Kind kind, SqlWork<T> work, Consumer<? super T> committed) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closing) {
            result.completeExceptionally(new IllegalStateException("the journal is closing"));
            return result;
        }
        boolean permit = Thread.currentThread() != writerThread;
        if (permit && !queue.takeRoom()) {
            result.completeExceptionally(new JournalException("the journal is not keeping up: " + queue.limit()
                    + " writes already wait for the disk (a slow or failing disk?); the device is asked to send again"
                    + " later", null));
            return result;
        }
        if (permit) {
            // the room is held until the caller is told, which for a stored write is after the log's flush: a
            // slow disk holds the queue's room, not an unbounded list of writes committed but not yet flushed
            result.whenComplete((value, failure) -> queue.release());
        }
        queue.add(new WriteTask<>(work, result, kind, committed));
        return result;
    }

    /** Units of work waiting for the writer now. */
    public int queued() {
        return queue.queued();
    }

    /** Runs a read on the reader connection; sees everything committed before the call. */
    public synchronized <T> T read(SqlWork<T> work) {
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw new JournalException("journal read failed: " + e.getMessage(), e);
        }
    }

    private void writeLoop() {
        List<WriteTask<?>> batch = new ArrayList<>();
        while (true) {
            try {
                WriteTask<?> first = queue.poll(200);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                checkpointer.beforeBatch();
                long commits = committer.commits();
                try {
                    committer.commitBatch(batch);
                } finally {
                    if (committer.commits() != commits) {
                        checkpointer.committed();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("journal writer failed on a batch; carrying on", e);
            } finally {
                batch.clear();
            }
        }
    }

    /** What the writer and the checkpoint thread have done so far: the journal's meters read it. */
    public JournalActivity activity() {
        return activity;
    }

    /** Stops taking work, commits what is queued, closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            writerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        committer.flusher().close();
        queue.failAll(new IllegalStateException("the journal closed"));
        checkpointer.close();
        try {
            writer.close();
        } catch (SQLException e) {
            LOG.warn("closing the journal writer: " + e.getMessage());
        }
        synchronized (this) {
            try {
                reader.close();
            } catch (SQLException e) {
                LOG.warn("closing the journal reader: " + e.getMessage());
            }
        }
    }
}
