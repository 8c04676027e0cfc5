package org.smartclinic.drivers.link.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-off from transport threads to the link thread: received bytes (copied), connection ends, and the stop
 * request, in arrival order. Each transport event carries the number of the connection it belongs to, so late
 * events of an old connection can be told apart. Bytes are bounded: beyond {@code maxQueuedBytes} waiting bytes a
 * chunk is dropped (the driver then sees a gap, rejects the frame, and the device retransmits) rather than letting
 * a flooding device exhaust memory. Control events are never dropped and never block the transport.
 */
public final class Inbox {

    /** Something for the link thread. */
    public sealed interface Event permits Bytes, Closed, Stop {
    }

    /** Bytes read on connection {@code connection} at {@code receivedAt}. */
    public record Bytes(long connection, byte[] data, Instant receivedAt) implements Event {
    }

    /** Connection {@code connection} ended by itself. */
    public record Closed(long connection, String reason) implements Event {
    }

    /** The link is being closed. */
    public enum Stop implements Event { INSTANCE }

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;

    public Inbox(long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * Queues a copy of {@code data[0..length)}.
     *
     * @return false if it was dropped because too many bytes are waiting already
     */
    public boolean bytes(long connection, byte[] data, int length, Instant receivedAt) {
        if (queuedBytes.addAndGet(length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-length);
            return false;
        }
        queue.add(new Bytes(connection, Arrays.copyOf(data, length), receivedAt));
        return true;
    }

    public void closed(long connection, String reason) {
        queue.add(new Closed(connection, reason));
    }

    public void stop() {
        queue.add(Stop.INSTANCE);
    }

    /**
     * The next event, waiting at most {@code timeout} (null: no limit).
     *
     * @return the event, or null if none came in time
     */
    public Event poll(Duration timeout) throws InterruptedException {
        Event e = timeout == null ? queue.take() : queue.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        if (e instanceof Bytes b) {
            queuedBytes.addAndGet(-b.data().length);
        }
        return e;
    }
}
