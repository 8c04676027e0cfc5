package org.smartclinic.gateway.live;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One viewer's place on the bus: a bounded queue the bus fills without ever waiting. When the viewer falls
 * further behind than the queue holds, its oldest events are dropped and counted ({@link #dropped()}); the
 * viewer sees the gap in the sequence numbers and may ask for the missed ones from the replay buffer.
 */
public final class LiveSubscription implements LiveSink, AutoCloseable {

    private final Set<String> devices;
    private final ArrayBlockingQueue<LiveEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable onClose;
    /** Last sequence handed out per device; touched only by the viewer's own thread. */
    private final Map<String, Long> delivered = new HashMap<>();
    private volatile boolean closed;

    LiveSubscription(Set<String> devices, int capacity, Runnable onClose) {
        this.devices = Set.copyOf(devices);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
    }

    /** True if this viewer watches {@code key}: an empty set watches every device (not exams nor stations). */
    @Override
    public boolean watches(String key) {
        return devices.isEmpty() ? !key.contains(":") : devices.contains(key);
    }

    /** Queues without waiting; drops the oldest queued event when full. Returns how many it dropped (0 or 1). */
    @Override
    public int offer(LiveEvent event) {
        int lost = 0;
        while (!queue.offer(event)) {
            if (queue.poll() != null) {
                lost++;
            }
        }
        dropped.addAndGet(lost);
        return lost;
    }

    /**
     * The next event, waiting at most {@code timeout}; null if none came or the subscription is closed. An event of
     * a device older than one already handed out (a replayed event that also arrived live) is skipped.
     */
    public LiveEvent next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            LiveEvent e = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return null;
            }
            Long last = delivered.get(e.device());
            if (last == null || e.seq() > last) {
                delivered.put(e.device(), e.seq());
                return e;
            }
        }
        return null;
    }

    /** Events this viewer lost because it fell behind. */
    public long dropped() {
        return dropped.get();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
