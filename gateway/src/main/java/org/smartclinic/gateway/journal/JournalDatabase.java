package org.smartclinic.gateway.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jboss.logging.Logger;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file behind the journal: one writer connection owned by one thread that group-commits queued work,
 * and one reader connection (WAL lets it read while the writer writes).
 *
 * <p>Each queued unit of work runs inside its own savepoint, so one failing unit (a constraint violation, say)
 * fails only its own future while the rest of the batch commits. A future completes only after COMMIT
 * returned, that is after the WAL was fsynced ({@code synchronous=FULL}).
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

    /** What a unit of work is to the writer. */
    private enum Kind {
        /** Stored with whatever else is queued, in one transaction. */
        NORMAL,
        /**
         * The probe: its commit proves the journal has room again (a small update can succeed in a full file, and
         * must not report health while readings still cannot be stored).
         */
        PROBE,
        /**
         * Deletes to make room: committed in a transaction of its own, before the work queued with it, and allowed
         * {@link #RESERVE_PAGES} beyond the size limit. In a full journal every insert fails with SQLITE_FULL, which
         * makes SQLite roll back the whole transaction; batched with them a delete would be lost every time, and
         * the journal could never get room back while a device keeps sending.
         */
        FREES
    }

    /** Pages deleting may use beyond the size limit (a b-tree rebalance can need a page even when deleting). */
    static final int RESERVE_PAGES = 64;

    /**
     * @param permit    whether it holds room in the queue
     * @param committed told the result on the writer thread right after the commit, before anything written later
     *                  commits; null if none
     */
    private record Task<T>(SqlWork<T> work, CompletableFuture<T> result, boolean permit, Kind kind,
            Consumer<? super T> committed) {
        boolean proves() {
            return kind == Kind.PROBE;
        }

        void runIn(Connection c, List<Runnable> onCommit) throws SQLException {
            T value = work.run(c);
            onCommit.add(() -> {
                if (committed != null) {
                    try {
                        committed.accept(value);
                    } catch (RuntimeException e) {
                        LOG.warnf("journal: a listener of a commit failed: %s", e.toString());
                    }
                }
                result.complete(value);
            });
        }
    }

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final Limits limits;
    private final Thread writerThread;
    private long maxPages;
    private volatile boolean closing;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedWrites = new AtomicLong();
    private volatile WriteHealth writeHealth = new WriteHealth(null, Instant.now());

    private JournalDatabase(Path file, Limits limits) throws SQLException {
        this.file = file;
        this.limits = limits;
        this.room = new Semaphore(limits.queueLimit());
        this.writer = connect(file);
        this.writer.setAutoCommit(false);
        JournalSchema.migrate(writer);
        if (limits.maxBytes() > 0) {
            limitSize(limits.maxBytes());
        }
        this.reader = connect(file);
        this.writerThread = Thread.ofPlatform().name("journal-writer").daemon(true).unstarted(this::writeLoop);
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
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            JournalDatabase db = new JournalDatabase(file, limits);
            db.writerThread.start();
            return db;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot open the journal " + file.toAbsolutePath() + ": " + e.getMessage()
                    + " (check that the data folder exists, is writable and is not on a network share)", e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
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

    public Path file() {
        return file;
    }

    private void limitSize(long maxBytes) throws SQLException {
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_size")) {
            rs.next();
            maxPages = Math.max(1, maxBytes / rs.getLong(1));
            s.execute("PRAGMA max_page_count = " + maxPages);
        }
    }

    /** Whether writes succeed, as last seen; no query. */
    public WriteHealth writeHealth() {
        return writeHealth;
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
        return write(Kind.PROBE, c -> {
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
        return write(Kind.NORMAL, work, null);
    }

    /**
     * {@link #write(SqlWork)}, telling {@code committed} the result on the writer thread right after the commit:
     * before the future completes and before anything queued later commits, so what it hands on is in commit order.
     * It must be quick and must not wait (it holds up every writer); what it throws is logged and ignored.
     */
    public <T> CompletableFuture<T> write(SqlWork<T> work, Consumer<? super T> committed) {
        return write(Kind.NORMAL, work, committed);
    }

    /**
     * Queues {@code work} that deletes to make room (retention): as {@link #write}, but committed in a transaction
     * of its own and allowed a small reserve beyond the size limit, so a full journal can always get room back.
     */
    public <T> CompletableFuture<T> freeRoom(SqlWork<T> work) {
        return write(Kind.FREES, work, null);
    }

    private <T> CompletableFuture<T> write(Kind kind, SqlWork<T> work, Consumer<? super T> committed) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closing) {
            result.completeExceptionally(new IllegalStateException("the journal is closing"));
            return result;
        }
        boolean permit = Thread.currentThread() != writerThread;
        if (permit && !takeRoom()) {
            result.completeExceptionally(new JournalException("the journal is not keeping up: " + limits.queueLimit()
                    + " writes already wait for the disk (a slow or failing disk?); the device is asked to send again"
                    + " later", null));
            return result;
        }
        queue.add(new Task<>(work, result, permit, kind, committed));
        return result;
    }

    /** Units of work waiting for the writer now. */
    public int queued() {
        return limits.queueLimit() - room.availablePermits();
    }

    private boolean takeRoom() {
        try {
            return room.tryAcquire(limits.queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
        List<Task<?>> batch = new ArrayList<>();
        while (true) {
            try {
                Task<?> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                try {
                    commitFreeingFirst(batch);
                } finally {
                    room.release((int) batch.stream().filter(Task::permit).count());
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

    private boolean storageFailed;

    /** Notes a failure that means the file cannot be written (as opposed to one bad statement). */
    private void storageFailure(Exception e) {
        if (WriteHealth.isStorageError(e)) {
            SQLException sql = (SQLException) e;
            storageFailed = true;
            if (writeHealth.ok()) {
                writeHealth = new WriteHealth(WriteHealth.describe(sql), Instant.now());
                LOG.errorf("journal cannot write: %s", writeHealth.failure());
            }
        }
    }

    /** Commits each task that frees room alone (see {@link Kind#FREES}), then the rest of the batch together. */
    private void commitFreeingFirst(List<Task<?>> batch) {
        if (batch.stream().noneMatch(t -> t.kind() == Kind.FREES)) {
            commit(batch);
            return;
        }
        List<Task<?>> rest = new ArrayList<>(batch.size());
        for (Task<?> task : batch) {
            if (task.kind() == Kind.FREES) {
                withReserve(() -> commit(List.of(task)));
            } else {
                rest.add(task);
            }
        }
        if (!rest.isEmpty()) {
            commit(rest);
        }
    }

    /** Runs {@code commit} with the size limit raised by {@link #RESERVE_PAGES}, then sets the limit back. */
    private void withReserve(Runnable commit) {
        if (maxPages == 0) {
            commit.run();
            return;
        }
        try {
            setMaxPages(maxPages + RESERVE_PAGES);
            commit.run();
        } finally {
            setMaxPages(maxPages);
        }
    }

    private void setMaxPages(long pages) {
        // A pragma, not a write: it runs outside the transaction the driver keeps open and cannot fail for room.
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA max_page_count = " + pages);
        } catch (SQLException e) {
            LOG.warnf("journal size limit could not be set to %d pages: %s", pages, e.getMessage());
        }
    }

    /**
     * Runs a batch in one transaction, each task in its own savepoint, and commits. A task that fails alone (a
     * constraint) is rolled back to its savepoint and fails alone. When SQLite has rolled back the whole
     * transaction itself (a full disk does that), or the commit fails, every task of the batch fails with the cause.
     */
    private void commit(List<Task<?>> batch) {
        storageFailed = false;
        List<Runnable> onCommit = new ArrayList<>(batch.size());
        SQLException fatal = null;
        for (Task<?> task : batch) {
            fatal = runInSavepoint(task, onCommit);
            if (fatal != null) {
                break;
            }
        }
        if (fatal == null) {
            try {
                writer.commit();
            } catch (SQLException e) {
                fatal = e;
            }
        }
        if (fatal != null) {
            failBatch(batch, fatal);
            return;
        }
        if (!writeHealth.ok() && !storageFailed && batch.stream().anyMatch(Task::proves)) {
            writeHealth = new WriteHealth(null, Instant.now());
            LOG.info("journal writes succeed again");
        }
        commits.incrementAndGet();
        committedWrites.addAndGet(batch.size());
        onCommit.forEach(Runnable::run);
    }

    /** Transactions committed so far (each one disk flush). */
    public long commits() {
        return commits.get();
    }

    /** Units of work committed so far, over {@link #commits()} transactions. */
    public long committedWrites() {
        return committedWrites.get();
    }

    /** Runs one task; returns the failure that lost the whole transaction, or null. */
    private SQLException runInSavepoint(Task<?> task, List<Runnable> onCommit) {
        Savepoint sp;
        try {
            sp = writer.setSavepoint();
        } catch (SQLException e) {
            return e;
        }
        try {
            task.runIn(writer, onCommit);
            writer.releaseSavepoint(sp);
            return null;
        } catch (SQLException | RuntimeException e) {
            storageFailure(e);
            task.result().completeExceptionally(e);
            try {
                writer.rollback(sp);
                return null;
            } catch (SQLException gone) {
                // SQLite rolled the whole transaction back itself: the batch's other writes are gone too.
                return e instanceof SQLException sql ? sql : gone;
            }
        }
    }

    private void failBatch(List<Task<?>> batch, SQLException cause) {
        storageFailure(cause);
        LOG.errorf("journal commit failed (%s); %d queued writes are not stored", cause.getMessage(), batch.size());
        try {
            writer.rollback();
        } catch (SQLException rollback) {
            // SQLite ended the transaction itself (a full disk does), so the driver could not roll back and did
            // not begin the next transaction as it does after a rollback: begin it here.
            try (Statement begin = writer.createStatement()) {
                begin.execute("BEGIN");
            } catch (SQLException reset) {
                LOG.warnf("journal connection could not begin a new transaction: %s", reset.getMessage());
            }
        }
        String why = WriteHealth.isStorageError(cause) ? WriteHealth.describe(cause) : cause.getMessage();
        JournalException failure = new JournalException("journal commit failed: " + why, cause);
        batch.forEach(t -> t.result().completeExceptionally(failure));
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
        queue.forEach(t -> t.result().completeExceptionally(new IllegalStateException("the journal closed")));
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
