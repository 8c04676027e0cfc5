package org.smartclinic.gateway.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

/**
 * Flushes the journal's write-ahead log to the disk on a thread of its own, and only then tells each committed write
 * its result: nobody hears "stored" before the disk has it, exactly as with SQLite's {@code synchronous=FULL}, but the
 * writer thread does not wait for the disk. Its connection commits with {@code synchronous=NORMAL} (the transaction
 * is written to the log, not flushed), hands the transaction's results here ({@link #flushThen}) and goes on with the
 * next batch while this thread runs {@code fdatasync} on the log; one flush covers every transaction committed before
 * it began. SQLite still flushes the log itself where its own consistency needs it (before a checkpoint copies it,
 * and its header when it starts over). A flush that fails fails the writes it covered, which were committed but may
 * not be on the disk: their devices are not acknowledged and send again (the journal counts what it already holds as
 * duplicates), and {@code onFailure} is told. docs/journal.md.
 */
final class LogFlusher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LogFlusher.class);

    /** The flush itself; tests wrap the real one to watch it. */
    @FunctionalInterface
    interface Flush {
        void force() throws IOException;
    }

    /** A committed write's future and the result it gets once the log holding it is on the disk. */
    record Outcome<T>(CompletableFuture<T> future, T value) {
        void complete() {
            future.complete(value);
        }

        void fail(Throwable why) {
            future.completeExceptionally(why);
        }
    }

    /** One committed transaction's outcomes; {@code proof}: its number when it held the probe, else -1. */
    private record Group(List<Outcome<?>> outcomes, long proof) {
    }

    private final WalFile wal;
    private final Flush flush;
    private final Consumer<IOException> onFailure;
    private final LongConsumer onProof;
    private final Thread thread;
    private final Object lock = new Object();
    private List<Group> pending = new ArrayList<>();
    private boolean closing;
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong flushNanos = new AtomicLong();

    /**
     * Starts the thread that flushes the write-ahead log beside the journal {@code file} ({@code fdatasync} on it),
     * through {@code watch} (tests wrap the real flush; otherwise the identity); {@code onFailure} hears of a flush
     * that failed, {@code onProof} of the number of a flushed transaction that held the probe (both on this thread).
     */
    LogFlusher(Path file, UnaryOperator<Flush> watch, Consumer<IOException> onFailure, LongConsumer onProof) {
        this.wal = new WalFile(file.resolveSibling(file.getFileName() + "-wal"));
        this.flush = watch.apply(wal);
        this.onFailure = onFailure;
        this.onProof = onProof;
        this.thread = Thread.ofPlatform().name("journal-flush").daemon(true).start(this::loop);
    }

    /**
     * Writer thread, after a commit: {@code outcomes} are told once the log holding the transaction is flushed, in
     * commit order; {@code proof} is the transaction's number when it held the probe, else -1.
     */
    void flushThen(List<Outcome<?>> outcomes, long proof) {
        synchronized (lock) {
            pending.add(new Group(outcomes, proof));
            lock.notifyAll();
        }
    }

    /** The thread that flushes. */
    Thread thread() {
        return thread;
    }

    /** Flushes done so far (each covering one or more transactions). */
    long flushes() {
        return flushes.get();
    }

    /** Nanoseconds spent flushing so far. */
    long flushNanos() {
        return flushNanos.get();
    }

    private void loop() {
        while (true) {
            List<Group> groups;
            synchronized (lock) {
                while (pending.isEmpty() && !closing) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                groups = pending;
                pending = new ArrayList<>();
            }
            settle(groups);
        }
    }

    /** Flushes once for all of {@code groups}, then tells their outcomes. */
    private void settle(List<Group> groups) {
        long started = System.nanoTime();
        IOException failed = null;
        try {
            flush.force();
        } catch (IOException e) {
            failed = e;
        } finally {
            flushNanos.addAndGet(System.nanoTime() - started);
            flushes.incrementAndGet();
        }
        if (failed != null) {
            onFailure.accept(failed);
            JournalException why = new JournalException("the disk did not confirm the journal's write ("
                    + failed.getMessage() + "); the device is asked to send again", failed);
            groups.forEach(g -> g.outcomes().forEach(o -> o.fail(why)));
            return;
        }
        for (Group g : groups) {
            if (g.proof() >= 0) {
                onProof.accept(g.proof());
            }
            g.outcomes().forEach(Outcome::complete);
        }
    }

    /** Flushes and tells what is still pending, then stops the thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            thread.join(Checkpointer.MAX_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wal.close();
    }

    /**
     * {@code fdatasync} on the write-ahead log, through a descriptor of its own. The log keeps its file while the
     * journal is open (SQLite deletes it only when the last connection closes); should it be another file all the
     * same, the descriptor is opened again, so a flush never lands on a file SQLite no longer writes. The folder is
     * flushed too whenever the log is (re)opened, so that a log file SQLite has just created survives a power cut.
     */
    private static final class WalFile implements Flush {
        private final Path wal;
        private FileChannel channel;
        private Object fileKey;

        WalFile(Path wal) {
            this.wal = wal;
        }

        @Override
        public void force() throws IOException {
            Object key = Files.readAttributes(wal, BasicFileAttributes.class).fileKey();
            if (channel == null || key == null || !key.equals(fileKey)) {
                close();
                channel = FileChannel.open(wal, StandardOpenOption.READ);
                fileKey = key;
                try (FileChannel folder = FileChannel.open(wal.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                    folder.force(true);
                }
            }
            channel.force(false);
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debugf("closing the journal's log descriptor: %s", e.getMessage());
                }
                channel = null;
            }
        }
    }
}
