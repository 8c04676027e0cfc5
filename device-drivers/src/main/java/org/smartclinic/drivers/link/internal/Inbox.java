package org.smartclinic.drivers.link.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.transport.Delivery;

/**
 * The hand-off from transport threads to the link thread: received bytes (copied), whole messages with their
 * deliveries, connection ends, and the stop request, in arrival order. Each transport event carries the number of
 * the connection it belongs to, so late events of an old connection can be told apart. Input is bounded: beyond
 * {@code maxQueuedBytes} waiting bytes a chunk or message is refused (unless nothing else waits) (the caller counts
 * it; a refused message is left to its source to deliver again) rather than letting a flooding device exhaust memory.
 * A whole message may first wait a bounded time for room ({@link #message(long, InboundMessage, Delivery, Duration)}):
 * the thread that delivers it is the transport's, so for MQTT the wait pauses reading from the broker, which is
 * backpressure without a redelivery. Control events are never refused and never block the transport.
 */
public final class Inbox {

    /** Something for the link thread. */
    public sealed interface Event permits Bytes, Message, Closed, Stop {
    }

    /** Bytes read on connection {@code connection} at {@code receivedAt}. */
    public record Bytes(long connection, byte[] data, Instant receivedAt) implements Event {
    }

    /** A whole message received on connection {@code connection}. */
    public record Message(long connection, InboundMessage message, Delivery delivery) implements Event {
    }

    /** Connection {@code connection} ended by itself. */
    public record Closed(long connection, String reason) implements Event {
    }

    /** The link is being closed. */
    public enum Stop implements Event { INSTANCE }

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final long maxQueuedBytes;
    /** Signalled when bytes are taken while a message waits for room. */
    private final Object room = new Object();
    private volatile int waitingForRoom;
    /** The thread that takes events (the link's): it never waits for room it alone could make. */
    private volatile Thread consumer;

    public Inbox(long maxQueuedBytes) {
        this.maxQueuedBytes = maxQueuedBytes;
    }

    /**
     * Queues a copy of {@code data[0..length)}.
     *
     * @return false if it was refused because too many bytes are waiting already
     */
    public boolean bytes(long connection, byte[] data, int length, Instant receivedAt) {
        if (!reserve(length)) {
            return false;
        }
        queue.add(new Bytes(connection, Arrays.copyOf(data, length), receivedAt));
        return true;
    }

    /** The link thread that takes the events: it never waits for room that only it could make. */
    public void takenBy(Thread thread) {
        consumer = thread;
    }

    /** Queues a message; false if refused because too many bytes are waiting already. */
    public boolean message(long connection, InboundMessage message, Delivery delivery) {
        return message(connection, message, delivery, Duration.ZERO);
    }

    /**
     * Queues a message, waiting up to {@code wait} for room when too many bytes are waiting; false if there was
     * none by then (or the waiting thread was interrupted). The link's own thread never waits.
     */
    public boolean message(long connection, InboundMessage message, Delivery delivery, Duration wait) {
        int length = message.payload().length;
        if (!reserve(length) && (Thread.currentThread() == consumer || wait.isZero() || !awaitRoom(length, wait))) {
            return false;
        }
        queue.add(new Message(connection, message, delivery));
        return true;
    }

    /** Reserves {@code length} bytes once the link has taken enough; false if {@code wait} passed first. */
    private boolean awaitRoom(int length, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (room) {
            waitingForRoom++;
            try {
                while (!reserve(length)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(room, left);
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                waitingForRoom--;
            }
        }
    }

    /** Bytes were taken: a message waiting for room may fit now. */
    private void taken(long bytes) {
        queuedBytes.addAndGet(-bytes);
        if (waitingForRoom > 0) {
            synchronized (room) {
                room.notifyAll();
            }
        }
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
        switch (e) {
            case Bytes b -> taken(b.data().length);
            case Message m -> taken(m.message().payload().length);
            case null, default -> { }
        }
        return e;
    }

    /**
     * The next event if it is a message of connection {@code connection} that is already waiting; null otherwise
     * (nothing waits, or the next event is something else, which stays first in line). Only the link thread takes
     * events, so what it saw first is still first when it takes it.
     */
    public Message nextMessage(long connection) {
        if (queue.peek() instanceof Message m && m.connection() == connection) {
            queue.poll();
            taken(m.message().payload().length);
            return m;
        }
        return null;
    }

    /**
     * Takes room for {@code length} bytes. Input larger than the bound on its own is still taken when nothing else
     * waits (one export file may be bigger than the bound; its transport bounds it), so it is never refused forever.
     */
    private boolean reserve(int length) {
        long after = queuedBytes.addAndGet(length);
        if (after > maxQueuedBytes && after != length) {
            queuedBytes.addAndGet(-length);
            return false;
        }
        return true;
    }
}
