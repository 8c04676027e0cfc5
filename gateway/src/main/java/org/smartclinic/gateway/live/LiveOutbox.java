package org.smartclinic.gateway.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One WebSocket viewer's send queue: bounded in events whatever the rate, filled by the bus without waiting. A
 * viewer that falls behind loses detail before it loses events: from half full, only every 2nd waveform chunk of
 * a stream is queued, from three quarters every 4th (the next queued chunk says how many were skipped, so the
 * client draws a gap, never a line across them); when full, the oldest queued event goes. Both are counted, and
 * {@link #takeNotice()} hands the counts to the sender once, for a {@code dropped} frame.
 *
 * <p>Thread-safe: the bus offers from publishing threads, the sender takes from the event loop.
 */
final class LiveOutbox {

    /**
     * An event waiting to be sent.
     *
     * @param queuedAt    {@link System#nanoTime()} when it was queued, for "seconds behind"
     * @param skipped     waveform chunks of the same key skipped (downsampled) just before this one
     * @param downsampled 1 when sent at full detail, else the share of chunks kept (2: every 2nd, 4: every 4th)
     */
    record Queued(LiveEvent event, long queuedAt, int skipped, int downsampled) {
    }

    /** Events lost since the last notice: dropped whole (queue full) and waveform chunks skipped. */
    record Notice(long dropped, long downsampled) {

        long count() {
            return dropped + downsampled;
        }
    }

    private final int capacity;
    private final ArrayDeque<Queued> queue;
    /** Per key: waveform chunks offered while downsampling, and chunks skipped since the last one queued. */
    private final Map<String, long[]> streams = new HashMap<>();
    private long dropped;
    private long downsampled;
    private long droppedTotal;
    private long downsampledTotal;

    LiveOutbox(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("a live send queue needs room for at least 4 events");
        }
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Queues {@code event} (or skips it); returns how many events were lost doing so (0 or 1). */
    synchronized int offer(LiveEvent event, long now) {
        int keep = level();
        long[] stream = null;
        if (LiveEvent.WAVEFORM.equals(event.kind())) {
            stream = streams.computeIfAbsent(event.device(), k -> new long[2]);
            if (keep > 1 && stream[0]++ % keep != 0) {
                stream[1]++;
                downsampled++;
                downsampledTotal++;
                return 1;
            }
            if (keep == 1) {
                stream[0] = 0;
            }
        }
        int lost = 0;
        if (queue.size() >= capacity) {
            queue.removeFirst();
            dropped++;
            droppedTotal++;
            lost = 1;
        }
        int skipped = 0;
        if (stream != null) {
            skipped = (int) Math.min(Integer.MAX_VALUE, stream[1]);
            stream[1] = 0;
        }
        queue.addLast(new Queued(event, now, skipped, keep));
        return lost;
    }

    /** 1 while the queue is under half full, 2 from half, 4 from three quarters. */
    private int level() {
        int size = queue.size();
        return size * 4 >= capacity * 3 ? 4 : size * 2 >= capacity ? 2 : 1;
    }

    /** Up to {@code max} events, oldest first, removed from the queue. */
    synchronized List<Queued> take(int max) {
        List<Queued> out = new ArrayList<>(Math.min(max, queue.size()));
        while (out.size() < max && !queue.isEmpty()) {
            out.add(queue.removeFirst());
        }
        return out;
    }

    /** The losses since the last call, or null if none. */
    synchronized Notice takeNotice() {
        if (dropped == 0 && downsampled == 0) {
            return null;
        }
        Notice n = new Notice(dropped, downsampled);
        dropped = 0;
        downsampled = 0;
        return n;
    }

    /** Nanoseconds the oldest queued event has waited at {@code now}; 0 when the queue is empty. */
    synchronized long oldestWait(long now) {
        Queued head = queue.peekFirst();
        return head == null ? 0 : Math.max(0, now - head.queuedAt());
    }

    synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    synchronized int size() {
        return queue.size();
    }

    /** Events dropped whole since the queue was made. */
    synchronized long droppedTotal() {
        return droppedTotal;
    }

    /** Waveform chunks skipped since the queue was made. */
    synchronized long downsampledTotal() {
        return downsampledTotal;
    }
}
