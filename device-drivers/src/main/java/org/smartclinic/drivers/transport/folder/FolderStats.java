package org.smartclinic.drivers.transport.folder;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one export folder, shared by the successive {@link FolderTransport}s of a device's link (pass the
 * same instance to each) so they add up over reconnects. Written by the transport's poller and by whoever settles
 * a file; read by the gateway's metrics.
 */
public final class FolderStats {

    private final AtomicLong handedOver = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private final AtomicLong moveFailures = new AtomicLong();

    /** Files read and handed to the listener (a file offered again after a retry counts again). */
    public long handedOver() {
        return handedOver.get();
    }

    /** Files moved to {@code processed/}. */
    public long processed() {
        return processed.get();
    }

    /** Files moved to {@code failed/}, the oversized ones included. */
    public long failed() {
        return failed.get();
    }

    /** Settlements that left a file to be offered again later. */
    public long retried() {
        return retried.get();
    }

    /** Files moved to {@code failed/} unread because they were larger than the limit. */
    public long oversized() {
        return oversized.get();
    }

    /** Moves to {@code processed/} or {@code failed/} that failed (the file stays and is offered again). */
    public long moveFailures() {
        return moveFailures.get();
    }

    void handedOverOne() {
        handedOver.incrementAndGet();
    }

    void processedOne() {
        processed.incrementAndGet();
    }

    void failedOne() {
        failed.incrementAndGet();
    }

    void retriedOne() {
        retried.incrementAndGet();
    }

    void oversizedOne() {
        oversized.incrementAndGet();
    }

    void moveFailedOne() {
        moveFailures.incrementAndGet();
    }
}
