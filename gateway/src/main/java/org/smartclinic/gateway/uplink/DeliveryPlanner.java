package org.smartclinic.gateway.uplink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.smartclinic.gateway.journal.Outbox;

/**
 * Picks what to send next from the pending outbox, read a page at a time in id order (memory stays bounded
 * whatever the backlog): either one batch of READING items, or one item of another kind alone.
 *
 * <p>Order: an item is never sent before an earlier pending item it depends on. Each item holds keys: its device
 * ({@code d:}), its exam ({@code e:}), and a PATIENT item holds every key ({@code *}: a patient registered
 * offline is created on the EHR, with its demographics, before anything that could name it). A READING waits only
 * for its device (so readings of many devices travel in one batch); other kinds wait for their device and exam
 * (a report after the exam's readings). An item not due yet (waiting for a retry) keeps its keys held; a dead
 * letter holds nothing. Readings being retried travel in smaller batches ({@code batchSize >> attempts}), so an
 * item the EHR keeps failing on ends up alone and cannot hold others back.
 */
public final class DeliveryPlanner {

    /** Rows read per page after the first. */
    static final int PAGE = 500;

    /** Pending items after an id, in id order, at most {@code limit}. */
    @FunctionalInterface
    public interface Pages {
        List<Outbox.Item> after(long id, int limit);
    }

    private final Pages pages;
    private final int maxScan;

    /**
     * @param pages   the pending outbox, read a page at a time
     * @param maxScan the most rows read for one plan
     */
    public DeliveryPlanner(Pages pages, int maxScan) {
        this.pages = pages;
        this.maxScan = maxScan;
    }

    /** The next items to send together (in id order), empty if none is due. */
    public List<Outbox.Item> plan(Instant now, int batchSize) {
        return plan(now, batchSize, Set.of());
    }

    /**
     * As {@link #plan(Instant, int)} with the items {@code sent} left out as if already accepted: the next batch,
     * planned while those are on their way. Valid only if every one of them is then accepted (or refused for
     * good); otherwise plan again.
     */
    public List<Outbox.Item> plan(Instant now, int batchSize, Set<Long> sent) {
        Scan scan = new Scan(now, batchSize);
        long after = 0;
        int scanned = 0;
        // Usually nothing waits: the first page holds the batch on its way and the next one, and no more rows are
        // decoded than they need (a full page per plan was a sixth of the uplink's CPU while draining).
        int limit = Math.min(PAGE, sent.size() + batchSize);
        while (scanned < maxScan) {
            List<Outbox.Item> page = pages.after(after, limit);
            for (Outbox.Item item : page) {
                after = item.id();
                scanned++;
                if (sent.contains(item.id())) {
                    continue;
                }
                if (scan.offer(item)) {
                    return scan.batch;
                }
            }
            if (page.size() < limit) {
                break;
            }
            limit = PAGE;
        }
        return scan.batch;
    }

    /** One plan's state: the keys held so far and the batch being filled. */
    private static final class Scan {
        private final Instant now;
        private final int batchSize;
        private final Set<String> held = new HashSet<>();
        private List<Outbox.Item> batch = new ArrayList<>();
        private int limit;

        Scan(Instant now, int batchSize) {
            this.now = now;
            this.batchSize = batchSize;
            this.limit = batchSize;
        }

        /** Takes the item if it can go now; true when the plan is complete. */
        boolean offer(Outbox.Item item) {
            boolean free = ready(item, now, held);
            if (free && item.kind() != Outbox.Kind.READING) {
                if (batch.isEmpty()) {
                    batch = List.of(item);
                    return true;
                }
                free = false;
            }
            if (!free) {
                held.addAll(holdKeys(item));
                return false;
            }
            if (batch.isEmpty()) {
                limit = Math.max(1, batchSize >> Math.min(item.attempts(), 30));
            }
            batch.add(item);
            return batch.size() >= limit;
        }
    }

    /** Due, and nothing it waits for is held by an earlier item. */
    private static boolean ready(Outbox.Item item, Instant now, Set<String> held) {
        boolean due = item.times() == null || item.times().nextAttemptAt() == null
                || !item.times().nextAttemptAt().isAfter(now);
        return due && !held.contains("*") && waitKeys(item).stream().noneMatch(held::contains);
    }

    private static List<String> waitKeys(Outbox.Item item) {
        if (item.kind() == Outbox.Kind.READING) {
            return item.deviceId() == null ? List.of() : List.of("d:" + item.deviceId());
        }
        return holdKeys(item);
    }

    private static List<String> holdKeys(Outbox.Item item) {
        if (item.kind() == Outbox.Kind.PATIENT) {
            return List.of("*");
        }
        List<String> keys = new ArrayList<>(2);
        if (item.deviceId() != null) {
            keys.add("d:" + item.deviceId());
        }
        if (item.examId() != null) {
            keys.add("e:" + item.examId());
        }
        return keys;
    }
}
