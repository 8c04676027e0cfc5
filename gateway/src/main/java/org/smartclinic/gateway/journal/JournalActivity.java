package org.smartclinic.gateway.journal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the journal's writer and checkpoint threads have done so far, for its meters ({@code JournalProducer}) and the
 * benchmarks: commits, the writer's time working and committing, its CPU time, the log's flushes and the checkpoints
 * (docs/journal.md), and the readings judged ahead of the writer ({@link BindingAhead}).
 * Read from any thread; nothing here runs on the writer's path but one count per append.
 */
public final class JournalActivity {

    private final JournalWriter committer;
    private final Checkpointer checkpointer;
    private final Thread writer;
    private final AtomicLong judgedAhead = new AtomicLong();

    JournalActivity(JournalWriter committer, Checkpointer checkpointer, Thread writer) {
        this.committer = committer;
        this.checkpointer = checkpointer;
        this.writer = writer;
    }

    /** Transactions committed so far. */
    public long commits() {
        return committer.commits();
    }

    /** Units of work committed so far, over {@link #commits()} transactions. */
    public long committedWrites() {
        return committer.committedWrites();
    }

    /** Seconds the writer has spent running work in transactions that it then committed. */
    public double workSeconds() {
        return committer.workNanos() / 1e9;
    }

    /** Seconds the writer has spent committing; with {@link #workSeconds()}, how busy the one writer is. */
    public double commitSeconds() {
        return committer.commitNanos() / 1e9;
    }

    /**
     * CPU seconds the writer thread has used (0 where the JVM cannot tell). Against {@link #workSeconds()} and
     * {@link #commitSeconds()}: how much of its busy time it ran, rather than waited for a CPU or for the disk.
     */
    public double writerCpuSeconds() {
        return cpuSeconds(writer);
    }

    /** Flushes of the write-ahead log so far, each covering every transaction committed before it began. */
    public long flushes() {
        return committer.flusher().flushes();
    }

    /** Seconds the flush thread has spent flushing the write-ahead log (waiting for the disk, mostly). */
    public double flushSeconds() {
        return committer.flusher().flushNanos() / 1e9;
    }

    /** CPU seconds the checkpoint thread has used (0 where the JVM cannot tell). */
    public double checkpointCpuSeconds() {
        return cpuSeconds(checkpointer.thread());
    }

    /** Read from another thread when metrics are scraped: the writer itself pays nothing for it. */
    private static double cpuSeconds(Thread t) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = threads.isThreadCpuTimeSupported() ? threads.getThreadCpuTime(t.threadId()) : -1;
        return nanos < 0 ? 0 : nanos / 1e9;
    }

    /** Readings stored so far as judged on their device's thread ({@link BindingAhead}); the rest the writer judged. */
    public long judgedAhead() {
        return judgedAhead.get();
    }

    /** The writer stored {@code readings} more as judged on their device's thread. */
    void judgedAhead(int readings) {
        judgedAhead.addAndGet(readings);
    }

    /** Checkpoint passes run so far (docs/journal.md). */
    public long checkpointPasses() {
        return checkpointer.passes();
    }

    /** Checkpoint passes that failed so far. */
    public long checkpointFailures() {
        return checkpointer.failures();
    }

    /** Seconds the writer has waited for checkpoints so that the write-ahead log could start over. */
    public double checkpointWaitSeconds() {
        return checkpointer.waitNanos() / 1e9;
    }
}
