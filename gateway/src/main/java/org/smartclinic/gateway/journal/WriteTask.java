package org.smartclinic.gateway.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * One unit of work queued for the journal's writer thread ({@link JournalWriter}): what to run, its kind, and where
 * its result goes.
 *
 * @param committed told the result on the writer thread right after the commit, before anything written later
 *                  commits (and before the result, which waits for the disk); null if none
 */
record WriteTask<T>(JournalDatabase.SqlWork<T> work, CompletableFuture<T> result, Kind kind,
        Consumer<? super T> committed) {

    private static final Logger LOG = Logger.getLogger(WriteTask.class);

    /** What a unit of work is to the writer. */
    enum Kind {
        /** Stored with whatever else is queued, in one transaction. */
        NORMAL,
        /**
         * As NORMAL, but only stores readings: it changes none of the facts binding reads (exams, placements,
         * samples, patients), so they may be kept from one append to the next
         * ({@link JournalWriter#factsGeneration}).
         */
        APPEND,
        /**
         * The probe: its commit proves the journal has room again (a small update can succeed in a full file, and
         * must not report health while readings still cannot be stored).
         */
        PROBE,
        /**
         * Deletes to make room: committed in a transaction of its own, before the work queued with it, and allowed
         * {@link JournalWriter#RESERVE_PAGES} beyond the size limit. In a full journal every insert fails with
         * SQLITE_FULL, which makes SQLite roll back the whole transaction; batched with them a delete would be lost
         * every time, and the journal could never get room back while a device keeps sending.
         */
        FREES
    }

    /** Whether its commit proves the journal can write again. */
    boolean proves() {
        return kind == Kind.PROBE;
    }

    /** Appends and probes: SQL only, so running them again after a rollback repeats nothing else. */
    boolean needsNoSavepoint() {
        return kind == Kind.APPEND || kind == Kind.PROBE;
    }

    /**
     * Runs the work on {@code c}, inside the writer's transaction: once it commits, {@code listeners} are run on the
     * writer thread (the {@code committed} listener, in commit order) and {@code outcomes} are told once the log
     * holding the transaction is on the disk ({@link LogFlusher}).
     */
    void runIn(Connection c, List<Runnable> listeners, List<LogFlusher.Outcome<?>> outcomes) throws SQLException {
        T value = work.run(c);
        if (committed != null) {
            listeners.add(() -> {
                try {
                    committed.accept(value);
                } catch (RuntimeException e) {
                    LOG.warnf("journal: a listener of a commit failed: %s", e.toString());
                }
            });
        }
        outcomes.add(new LogFlusher.Outcome<>(result, value));
    }
}
