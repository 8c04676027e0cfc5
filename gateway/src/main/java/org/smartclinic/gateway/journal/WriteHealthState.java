package org.smartclinic.gateway.journal;

import java.time.Instant;

import org.jboss.logging.Logger;

/**
 * Whether the journal can write, as the writer thread (a failed statement or commit) and the flush thread (a failed
 * flush, a flushed probe) last saw it. Transactions are numbered by commit: a probe proves the journal writable again
 * only if it was committed after the last failure, whichever thread tells of them first.
 */
final class WriteHealthState {

    private static final Logger LOG = Logger.getLogger(WriteHealthState.class);

    private volatile WriteHealth current = new WriteHealth(null, Instant.now());
    /** Commits done when writing last failed; guarded by {@code this}. */
    private long failedAt = -1;

    /** As last seen; no lock. */
    WriteHealth current() {
        return current;
    }

    /** Writing failed for {@code why} when {@code at} transactions had been committed. */
    synchronized void failed(String why, long at) {
        failedAt = Math.max(failedAt, at);
        if (current.ok()) {
            current = new WriteHealth(why, Instant.now());
            LOG.errorf("journal cannot write: %s", why);
        }
    }

    /**
     * Transaction number {@code seq}, which held the probe and no storage failure, is on the disk: the journal is
     * writable again unless writing failed after it was committed.
     */
    synchronized void proven(long seq) {
        if (!current.ok() && seq > failedAt) {
            current = new WriteHealth(null, Instant.now());
            LOG.info("journal writes succeed again");
        }
    }
}
