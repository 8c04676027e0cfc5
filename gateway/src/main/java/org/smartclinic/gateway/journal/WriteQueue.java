package org.smartclinic.gateway.journal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The work waiting for the journal's writer, bounded: a caller takes room before it queues (waiting up to
 * {@code wait} for it), and gets it back once it is told the result (a stored write after the flush of the log holding
 * it). Work the writer queues itself holds no room, so it can never wait for itself.
 */
final class WriteQueue {

    private final BlockingQueue<WriteTask<?>> tasks = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final int limit;
    private final Duration wait;

    WriteQueue(int limit, Duration wait) {
        this.limit = limit;
        this.wait = wait;
        this.room = new Semaphore(limit);
    }

    /** Takes room for one task, waiting up to the queue's wait; false when none came (or on an interrupt). */
    boolean takeRoom() {
        try {
            return room.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void add(WriteTask<?> task) {
        tasks.add(task);
    }

    /** Writer thread: the next task, or null after {@code millis} without one. */
    WriteTask<?> poll(long millis) throws InterruptedException {
        return tasks.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Writer thread: moves up to {@code max} more waiting tasks into {@code batch}. */
    void drainTo(List<WriteTask<?>> batch, int max) {
        tasks.drainTo(batch, max);
    }

    /** A task that held room has been told its result (stored and flushed, or failed): its room is free again. */
    void release() {
        room.release();
    }

    /** Tasks waiting, being written, or committed and waiting for the log's flush now. */
    int queued() {
        return limit - room.availablePermits();
    }

    /** The most tasks that may wait. */
    int limit() {
        return limit;
    }

    /** On close: fails every task still waiting. */
    void failAll(Throwable why) {
        tasks.forEach(t -> t.result().completeExceptionally(why));
    }
}
