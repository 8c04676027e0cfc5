package org.smartclinic.gateway.journal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes outbox rows that are done with: SENT ones older than the cut-off (by when they were sent) and CANCELLED
 * ones (by when they were created), a batch per transaction. PENDING and DEAD rows are never deleted (they are not
 * delivered), nor DISCARDED ones (a person's audited decision, referenced by its discard record). Readings stay:
 * a reading row is the record of what the device sent.
 */
public final class OutboxRetention {

    private final JournalDatabase db;

    public OutboxRetention(JournalDatabase db) {
        this.db = db;
    }

    /**
     * Deletes at most {@code batch} final rows older than {@code before}, oldest first, in one transaction.
     *
     * @return how many were deleted; fewer than {@code batch} means none are left to delete
     */
    public CompletableFuture<Integer> deleteDelivered(Instant before, int batch) {
        String cutoff = before.toString();
        return db.freeRoom(c -> JournalRows.update(c, """
                DELETE FROM outbox WHERE id IN (SELECT id FROM outbox
                    WHERE (state = 'SENT' AND sent_at < ?) OR (state = 'CANCELLED' AND created_at < ?)
                    ORDER BY id LIMIT ?)""", cutoff, cutoff, batch));
    }
}
