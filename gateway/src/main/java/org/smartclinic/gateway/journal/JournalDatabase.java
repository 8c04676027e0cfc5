package org.smartclinic.gateway.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file behind the journal: one writer connection owned by one thread that group-commits queued work,
 * and one reader connection (WAL lets it read while the writer writes).
 *
 * <p>Each queued unit of work runs inside its own savepoint, so one failing unit (a constraint violation, say)
 * fails only its own future while the rest of the batch commits. A future completes only after COMMIT
 * returned, that is after the WAL was fsynced ({@code synchronous=FULL}).
 */
public final class JournalDatabase implements AutoCloseable {

    /** Work to run on a connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = Logger.getLogger(JournalDatabase.class);
    private static final int MAX_BATCH = 512;

    private record Task<T>(SqlWork<T> work, CompletableFuture<T> result) {
        void runIn(Connection c, List<Runnable> onCommit) throws SQLException {
            T value = work.run(c);
            onCommit.add(() -> result.complete(value));
        }
    }

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private volatile boolean closing;

    private JournalDatabase(Path file) throws SQLException {
        this.file = file;
        this.writer = connect(file);
        this.writer.setAutoCommit(false);
        JournalSchema.migrate(writer);
        this.reader = connect(file);
        this.writerThread = Thread.ofPlatform().name("journal-writer").daemon(true).unstarted(this::writeLoop);
    }

    /** Opens (creating folder and file as needed) and migrates the journal at {@code file}. */
    public static JournalDatabase open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            JournalDatabase db = new JournalDatabase(file);
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
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    public Path file() {
        return file;
    }

    /** Queues {@code work} for the writer; the future completes after the transaction holding it committed. */
    public <T> CompletableFuture<T> write(SqlWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closing) {
            result.completeExceptionally(new IllegalStateException("the journal is closing"));
            return result;
        }
        queue.add(new Task<>(work, result));
        return result;
    }

    /** Runs a read on the reader connection; sees everything committed before the call. */
    public synchronized <T> T read(SqlWork<T> work) {
        try {
            return work.run(reader);
        } catch (SQLException e) {
            throw new JournalException("journal read failed: " + e.getMessage(), e);
        }
    }

    /** True if the writer thread runs and the file answers a trivial query. */
    public boolean healthy() {
        if (!writerThread.isAlive()) {
            return false;
        }
        try {
            return read(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeQuery("SELECT 1").next();
                }
            });
        } catch (RuntimeException e) {
            return false;
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
                commit(batch);
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

    private void commit(List<Task<?>> batch) {
        List<Runnable> onCommit = new ArrayList<>(batch.size());
        try {
            for (Task<?> task : batch) {
                Savepoint sp = writer.setSavepoint();
                try {
                    task.runIn(writer, onCommit);
                    writer.releaseSavepoint(sp);
                } catch (SQLException | RuntimeException e) {
                    writer.rollback(sp);
                    task.result().completeExceptionally(e);
                }
            }
            writer.commit();
            onCommit.forEach(Runnable::run);
        } catch (SQLException e) {
            LOG.errorf("journal commit failed (%s); %d queued writes are not stored", e.getMessage(), batch.size());
            try {
                writer.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            JournalException failure = new JournalException("journal commit failed: " + e.getMessage(), e);
            batch.forEach(t -> t.result().completeExceptionally(failure));
        }
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
