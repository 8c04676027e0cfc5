package org.smartclinic.gateway.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The outbox as delivery reads and changes it: pending items a page at a time in id order (never the whole
 * backlog), and each state change with its time, written for a whole batch in one transaction. An item being
 * sent has no state of its own: after a crash it is simply pending and is sent again (every upload is idempotent).
 */
public final class OutboxLedger {

    private final Journal journal;

    static final String PENDING_PAGE = JournalRows.PENDING_ITEMS + " AND o.id > ? ORDER BY o.id LIMIT ?";
    static final String OLDEST_PENDING = "SELECT created_at FROM outbox INDEXED BY outbox_pending"
            + " WHERE state = 'PENDING' ORDER BY id LIMIT 1";

    public OutboxLedger(Journal journal) {
        this.journal = journal;
    }

    /** Pending items after {@code afterId}, in id order, at most {@code limit}. */
    public List<Outbox.Item> pending(long afterId, int limit) {
        return journal.database().read(c -> JournalRows.outboxItems(c, PENDING_PAGE, afterId, limit));
    }

    /** Items in {@code state}, most recent first. */
    public List<Outbox.Item> latest(Outbox.State state, int limit) {
        return journal.database().read(c -> JournalRows.outboxItems(c, latestItems(state), state.name(), limit));
    }

    /**
     * Items in a state, newest first: pending items and dead letters through their partial indexes; sent items, most
     * of the table, by walking it back from its newest row, which finds the most recent at once instead of sorting
     * every sent item; cancelled and discarded items, few, found by state and sorted.
     */
    static String latestItems(Outbox.State state) {
        String where = switch (state) {
            case PENDING -> JournalRows.PENDING_ITEMS + " AND o.state = ?";
            case DEAD -> JournalRows.DEAD_ITEMS + " AND o.state = ?";
            case SENT -> "NOT INDEXED WHERE o.state = ?";
            case CANCELLED, DISCARDED -> "WHERE o.state = ?";
        };
        return where + " ORDER BY o.id DESC LIMIT ?";
    }

    /**
     * The readings the items name, by reading id, in one query (a round of readings reads them all at once rather
     * than one lookup per item); a missing reading is absent from the map.
     */
    public Map<Long, StoredReading> readingsOf(List<Outbox.Item> items) {
        if (items.isEmpty()) {
            return Map.of();
        }
        Object[] ids = items.stream().map(Outbox.Item::readingId).distinct().toArray();
        String marks = String.join(",", Collections.nCopies(ids.length, "?"));
        return journal.database().read(c -> {
            Map<Long, StoredReading> out = new HashMap<>();
            for (StoredReading r : JournalRows.storedReadings(c, "WHERE r.id IN (" + marks + ")", ids)) {
                out.put(r.id(), r);
            }
            return out;
        });
    }

    /** When the oldest item not yet accepted by the EHR was queued; empty when none waits. */
    public Optional<Instant> oldestPending() {
        return journal.database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(OLDEST_PENDING); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Instant.parse(rs.getString("created_at"))) : Optional.empty();
            }
        });
    }

    /** The EHR accepted these items, each with what it stored (e.g. {@code Observation/12}). */
    public CompletableFuture<Integer> markSent(Map<Long, List<String>> serverIds, Instant now) {
        return journal.database().write(c -> {
            int changed = 0;
            for (Map.Entry<Long, List<String>> e : serverIds.entrySet()) {
                changed += JournalRows.update(c, "UPDATE outbox SET state = 'SENT', sent_at = ?, server_ids = ?,"
                        + " last_error = NULL, attempts = attempts + 1, last_attempt_ms = ?,"
                        + " first_attempt_ms = COALESCE(first_attempt_ms, ?) WHERE id = ?", now.toString(),
                        String.join(",", e.getValue()), now.toEpochMilli(), now.toEpochMilli(), e.getKey());
            }
            return changed;
        });
    }

    /** {@link #markRetry(List, Instant, Instant, String, boolean)} of a failure that counts against the items. */
    public CompletableFuture<Integer> markRetry(List<Long> ids, Instant now, Instant next, String error) {
        return markRetry(ids, now, next, error, true);
    }

    /**
     * These pending items failed for a reason that may pass; tried again from {@code next}. Only a failure that
     * {@code counts} against the items (it speaks about them, not about the EHR as a whole) adds to their attempts
     * and starts their age limit ({@code first_attempt_ms}): an outage of any length uses up neither, so an item
     * that waited through one is not a dead letter at its first real refusal after it.
     */
    public CompletableFuture<Integer> markRetry(List<Long> ids, Instant now, Instant next, String error,
            boolean counts) {
        return journal.database().write(c -> {
            int changed = 0;
            for (long id : ids) {
                changed += counts
                        ? JournalRows.update(c, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                                + " last_error = ?, last_attempt_ms = ?, first_attempt_ms = COALESCE(first_attempt_ms,"
                                + " ?) WHERE id = ? AND state = 'PENDING'", next.toEpochMilli(), error,
                                now.toEpochMilli(), now.toEpochMilli(), id)
                        : JournalRows.update(c, "UPDATE outbox SET next_attempt_at = ?, last_error = ?,"
                                + " last_attempt_ms = ? WHERE id = ? AND state = 'PENDING'", next.toEpochMilli(), error,
                                now.toEpochMilli(), id);
            }
            return changed;
        });
    }

    /**
     * The item becomes a dead letter: kept with the reason and the EHR's OperationOutcome, replayable. It no longer
     * holds back later items of its device.
     *
     * @param error   one line, scrubbed of patient data
     * @param outcome the EHR's OperationOutcome as JSON, scrubbed, or null
     */
    public CompletableFuture<Integer> markDead(long id, Instant now, String error, String outcome) {
        return journal.database().write(c -> JournalRows.update(c, "UPDATE outbox SET state = 'DEAD',"
                + " attempts = attempts + 1, last_error = ?, outcome = ?, dead_at = ?, last_attempt_ms = ?,"
                + " first_attempt_ms = COALESCE(first_attempt_ms, ?) WHERE id = ?", error, outcome, now.toString(),
                now.toEpochMilli(), now.toEpochMilli(), id));
    }

    /** One item with the EHR's OperationOutcome kept for it. */
    public Optional<Outbox.Detail> detail(long id) {
        return journal.database().read(c -> {
            try (PreparedStatement ps = JournalRows.prepare(c, JournalRows.OUTBOX_SELECT.replace(" FROM outbox o",
                    ", o.outcome AS o_outcome FROM outbox o") + " WHERE o.id = ?", id);
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Outbox.Detail(JournalRows.outboxItem(rs), rs.getString("o_outcome")))
                        : Optional.empty();
            }
        });
    }

    /** Dead letters, newest first, filtered and paged ({@link Outbox.DeadFilter#beforeId}). */
    public List<Outbox.Item> deadLetters(Outbox.DeadFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = deadLetterWhere(filter, args);
        return journal.database().read(c -> JournalRows.outboxItems(c, where, args.toArray()));
    }

    /** The query's condition for {@link #deadLetters}, its values added to {@code args}. */
    static String deadLetterWhere(Outbox.DeadFilter filter, List<Object> args) {
        StringBuilder where = new StringBuilder(JournalRows.DEAD_ITEMS);
        if (filter.kind() != null) {
            where.append(" AND o.kind = ?");
            args.add(filter.kind().name());
        }
        if (filter.deviceId() != null) {
            where.append(" AND o.device_id = ?");
            args.add(filter.deviceId());
        }
        if (filter.beforeId() != null) {
            where.append(" AND o.id < ?");
            args.add(filter.beforeId());
        }
        where.append(" ORDER BY o.id DESC LIMIT ?");
        args.add(filter.limit());
        return where.toString();
    }
}
