package org.smartclinic.gateway.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

/**
 * What {@link JournalDatabase}'s writer thread does with a batch of queued work: runs the units on the writer
 * connection in one transaction (each in its own savepoint, unless all are appends or probes) and commits them;
 * knows whether the file can be written ({@link WriteHealth}), how often it committed and how long it worked and
 * committed. Used by the writer thread only (its counters and health are read from any thread).
 */
final class JournalWriter {

    private static final Logger LOG = Logger.getLogger(JournalWriter.class);

    /** Pages deleting may use beyond the size limit (a b-tree rebalance can need a page even when deleting). */
    static final int RESERVE_PAGES = 64;

    private final Connection writer;
    /** The size limit in pages ({@code max_page_count}), 0 for none. */
    private final long maxPages;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong committedWrites = new AtomicLong();
    /** Time spent running work and committing it (nanoseconds): where the writer's time goes. */
    private final AtomicLong workNanos = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private final WriteHealthState health = new WriteHealthState();
    private boolean storageFailed;
    private long factsGeneration;
    private final LogFlusher flusher;

    /**
     * {@code writer} commits to the log of the journal {@code file} without flushing it; the flush thread flushes it,
     * through {@code watch} (tests watch the real flush; otherwise the identity).
     */
    JournalWriter(Connection writer, long maxPages, Path file, UnaryOperator<LogFlusher.Flush> watch) {
        this.writer = writer;
        this.maxPages = maxPages;
        this.flusher = new LogFlusher(file, watch, e -> health.failed("the disk did not confirm the journal's write ("
                + e.getMessage() + ")", commits.get()), health::proven);
    }

    /** The thread that flushes the log and then tells committed writes their results. */
    LogFlusher flusher() {
        return flusher;
    }

    /** Whether writes succeed, as last seen. */
    WriteHealth health() {
        return health.current();
    }

    /**
     * Changes each time the writer runs anything but an {@link WriteTask.Kind#APPEND}, or rolls anything back: facts
     * read from the writer's connection (the binding's exams, placements, samples) stay true while it is unchanged.
     */
    long factsGeneration() {
        return factsGeneration;
    }


    /** Notes a failure that means the file cannot be written (as opposed to one bad statement). */
    private void storageFailure(Exception e) {
        if (WriteHealth.isStorageError(e)) {
            storageFailed = true;
            health.failed(WriteHealth.describe((SQLException) e), commits.get());
        }
    }

    /**
     * Commits the batch: each task that frees room alone (see {@link WriteTask.Kind#FREES}), then the rest of the batch
     * together.
     */
    void commitBatch(List<WriteTask<?>> batch) {
        if (batch.stream().noneMatch(t -> t.kind() == WriteTask.Kind.FREES)) {
            commit(batch);
            return;
        }
        List<WriteTask<?>> rest = new ArrayList<>(batch.size());
        for (WriteTask<?> task : batch) {
            if (task.kind() == WriteTask.Kind.FREES) {
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
        try {
            JournalFile.setMaxPages(writer, pages);
        } catch (SQLException e) {
            LOG.warnf("journal size limit could not be set to %d pages: %s", pages, e.getMessage());
        }
    }

    /**
     * Runs a batch in one transaction, each task in its own savepoint, and commits. A task that fails alone (a
     * constraint) is rolled back to its savepoint and fails alone. When SQLite has rolled back the whole
     * transaction itself (a full disk does that), or the commit fails, every task of the batch fails with the cause.
     */
    private void commit(List<WriteTask<?>> batch) {
        if (batch.stream().allMatch(WriteTask::needsNoSavepoint) && commitWithoutSavepoints(batch)) {
            return;
        }
        storageFailed = false;
        long started = System.nanoTime();
        List<Runnable> listeners = new ArrayList<>();
        List<LogFlusher.Outcome<?>> outcomes = new ArrayList<>(batch.size());
        SQLException fatal = null;
        for (WriteTask<?> task : batch) {
            fatal = runInSavepoint(task, listeners, outcomes);
            if (fatal != null) {
                break;
            }
        }
        if (fatal == null) {
            try {
                timedCommit(started);
            } catch (SQLException e) {
                fatal = e;
            }
        }
        if (fatal != null) {
            failBatch(batch, fatal);
            return;
        }
        committed(batch, listeners, outcomes);
    }

    /**
     * Commits a batch of appends and probes without a savepoint per task: a savepoint makes SQLite copy every page
     * the task changes into its statement journal, about 7 % of an insert's cost (docs/benchmarks.md), and a
     * probe used to send the appends queued with it down the savepoint path. These tasks fail only through a bug
     * or a full disk; then the whole transaction is rolled back and false returned, and the batch runs again with
     * savepoints, so that the failing task fails alone as before. Nothing of the first run is told (its results
     * are dropped with the rollback).
     */
    private boolean commitWithoutSavepoints(List<WriteTask<?>> batch) {
        storageFailed = false;
        long started = System.nanoTime();
        List<Runnable> listeners = new ArrayList<>();
        List<LogFlusher.Outcome<?>> outcomes = new ArrayList<>(batch.size());
        try {
            for (WriteTask<?> task : batch) {
                if (task.kind() != WriteTask.Kind.APPEND) {
                    factsGeneration++;
                }
                task.runIn(writer, listeners, outcomes);
            }
            timedCommit(started);
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("journal: a batch of %d appends and probes failed (%s); running each in its own savepoint",
                    batch.size(), e.toString());
            factsGeneration++;
            rollbackAll();
            return false;
        }
        committed(batch, listeners, outcomes);
        return true;
    }

    /**
     * Counts a committed batch, runs its listeners, in order, and hands its results to the flush thread, which
     * tells them once the log holding them is on the disk. A probe in a batch with no storage failure proves the
     * journal writable again once flushed.
     */
    private void committed(List<WriteTask<?>> batch, List<Runnable> listeners,
            List<LogFlusher.Outcome<?>> outcomes) {
        long seq = commits.incrementAndGet();
        committedWrites.addAndGet(batch.size());
        listeners.forEach(Runnable::run);
        boolean proves = !storageFailed && batch.stream().anyMatch(WriteTask::proves);
        flusher.flushThen(outcomes, proves ? seq : -1);
    }

    /** Commits, counting the time since {@code started} as work and the commit's own as committing. */
    private void timedCommit(long started) throws SQLException {
        long committing = System.nanoTime();
        workNanos.addAndGet(committing - started);
        try {
            writer.commit();
        } finally {
            commitNanos.addAndGet(System.nanoTime() - committing);
        }
    }

    /**
     * Nanoseconds spent so far running work in transactions that reached their commit (a batch that fails before
     * it is not counted).
     */
    long workNanos() {
        return workNanos.get();
    }

    /** Nanoseconds spent so far committing: writing the transaction to the WAL (the flush is {@link LogFlusher}'s). */
    long commitNanos() {
        return commitNanos.get();
    }

    /** Transactions committed so far. */
    long commits() {
        return commits.get();
    }

    /** Units of work committed so far, over {@link #commits()} transactions. */
    long committedWrites() {
        return committedWrites.get();
    }

    /** Runs one task; returns the failure that lost the whole transaction, or null. */
    private SQLException runInSavepoint(WriteTask<?> task, List<Runnable> listeners,
            List<LogFlusher.Outcome<?>> outcomes) {
        Savepoint sp;
        try {
            sp = writer.setSavepoint();
        } catch (SQLException e) {
            return e;
        }
        if (task.kind() != WriteTask.Kind.APPEND) {
            factsGeneration++;
        }
        try {
            task.runIn(writer, listeners, outcomes);
            writer.releaseSavepoint(sp);
            return null;
        } catch (SQLException | RuntimeException e) {
            factsGeneration++;
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

    private void failBatch(List<WriteTask<?>> batch, SQLException cause) {
        factsGeneration++;
        storageFailure(cause);
        LOG.errorf("journal commit failed (%s); %d queued writes are not stored", cause.getMessage(), batch.size());
        rollbackAll();
        String why = WriteHealth.isStorageError(cause) ? WriteHealth.describe(cause) : cause.getMessage();
        JournalException failure = new JournalException("journal commit failed: " + why, cause);
        batch.forEach(t -> t.result().completeExceptionally(failure));
    }

    /** Rolls the open transaction back; the writer connection is in a new transaction afterwards. */
    private void rollbackAll() {
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
    }
}
