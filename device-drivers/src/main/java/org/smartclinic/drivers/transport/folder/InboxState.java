package org.smartclinic.drivers.transport.folder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the poller and the settling threads share about one inbox, under one monitor: the {@link StableFiles}, the
 * file in flight (handed over, not yet settled), and whether the transport is closed. A settlement wakes the poller
 * so the next file goes without waiting a whole poll interval; close wakes it to stop.
 */
final class InboxState {

    private final StableFiles files = new StableFiles();
    private Path inFlight;
    private boolean closed;
    private boolean wake;

    /** Records a listing; returns the files over {@code maxSize} to move away unread (never the one in flight). */
    synchronized List<StableFiles.Listed> update(List<StableFiles.Listed> listed, long maxSize) {
        long now = System.nanoTime();
        files.update(listed, now);
        return files.oversized(now, maxSize).stream().filter(f -> !f.path().equals(inFlight)).toList();
    }

    /** The next file to hand over, now in flight; null when one is in flight already, none is ready, or closed. */
    synchronized StableFiles.Listed claimNext(Duration stableFor, long maxSize) {
        if (closed || inFlight != null) {
            return null;
        }
        StableFiles.Listed next = files.next(System.nanoTime(), stableFor, maxSize);
        if (next != null) {
            inFlight = next.path();
        }
        return next;
    }

    /** The file in flight turned out to be still changing: released, stable again only from now. */
    synchronized void changed(Path file) {
        files.changed(file, System.nanoTime());
        release(file);
    }

    /** {@code file} is settled: forgotten, or to be offered again after its backoff; the next one may go. */
    synchronized void finish(Path file, boolean offerAgain) {
        if (offerAgain) {
            files.retryLater(file, System.nanoTime());
        } else {
            files.forget(file);
        }
        release(file);
    }

    /** A file not handed over (moved away unread) left the inbox, or stays to be tried again after a backoff. */
    synchronized void putAside(Path file, boolean stays) {
        if (stays) {
            files.retryLater(file, System.nanoTime());
        } else {
            files.forget(file);
        }
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Waits up to {@code interval}, less when a settlement or close comes first. */
    synchronized void awaitNextPoll(Duration interval) throws InterruptedException {
        long deadline = System.nanoTime() + interval.toNanos();
        while (!closed && !wake) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        wake = false;
    }

    private void release(Path file) {
        if (file.equals(inFlight)) {
            inFlight = null;
        }
        wake = true;
        notifyAll();
    }
}
