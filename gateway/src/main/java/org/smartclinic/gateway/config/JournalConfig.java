package org.smartclinic.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.WithDefault;

/** The journal database ({@code <data-dir>/journal.db}; {@code smartclinic.journal.*}). */
public interface JournalConfig {
    /**
     * The most the journal file may grow to, e.g. {@code 20G}; beyond it writes fail as on a full disk,
     * readiness goes down and devices are told to send again. Unset: no limit but the disk's. The write-ahead log
     * beside it ({@code journal.db-wal}) is not counted: while checkpoints succeed it holds about 64 MiB and two
     * write batches at most, and it keeps its largest size on disk, so leave about 100 MiB beyond this limit.
     */
    Optional<MemorySize> maxSize();

    /** How often a tiny test write checks that the journal can still write while nothing else is written. */
    @WithDefault("5s")
    Duration probeInterval();

    /**
     * Most writes waiting for the journal's disk (each a batch of readings or an outbox update); this bounds
     * the memory a backlog takes. Beyond it a caller waits {@code write-queue-wait}, then its write fails (a
     * device is asked to send again and keeps its data).
     */
    @WithDefault("10000")
    int writeQueue();

    /** How long a write waits for room in a full write queue before it fails. */
    @WithDefault("5s")
    Duration writeQueueWait();

    /** What is deleted from the journal, and when. */
    Retention retention();

    /**
     * Deletion of what the journal no longer needs, in small batches by a scheduled job. Readings are kept: a
     * reading row is the record of what a device sent (see docs/journal.md); raw captures have their own
     * limits ({@code smartclinic.capture.*}), enforced by the same job.
     */
    interface Retention {
        /**
         * Age after which an outbox row in a final state (SENT, CANCELLED, DISCARDED) is deleted, counted
         * from when it reached that state (sent) or was created. Pending and dead rows are never deleted.
         */
        @WithDefault("30d")
        Duration deliveredAge();

        /** Rows deleted per transaction, so the job never holds the writer long. */
        @WithDefault("500")
        int batchSize();

        /** How often the job runs; its first run comes one interval after start-up. */
        @WithDefault("1m")
        Duration interval();
    }
}
