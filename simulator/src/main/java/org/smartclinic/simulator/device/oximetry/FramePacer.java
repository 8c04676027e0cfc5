package org.smartclinic.simulator.device.oximetry;

/**
 * When the next frame of a steady stream is due, on a steady clock ({@link System#nanoTime()} values passed in):
 * frame {@code k} of a run is due at {@code start + k * period}, so late writes never add up to drift. A twin that
 * fell more than {@link #MAX_LAG_NANOS} behind (the line did not take its bytes) starts a new run from now
 * instead of sending the whole backlog at once, and says so to its {@code onRestart}.
 */
final class FramePacer {

    /** How far behind the schedule may fall before it restarts from now: one second. */
    static final long MAX_LAG_NANOS = 1_000_000_000L;

    private final long periodNanos;
    private final Runnable onRestart;
    private long start;
    private long index;

    /** @param onRestart called (on the caller's thread) each time the schedule restarts because it fell behind */
    FramePacer(long periodNanos, Runnable onRestart) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be > 0 ns: " + periodNanos);
        }
        this.periodNanos = periodNanos;
        this.onRestart = onRestart;
    }

    /** A new run: the first frame is due at {@code now}. */
    void start(long now) {
        start = now;
        index = 0;
    }

    /** Nanoseconds until the next frame is due; 0 if it is due already. */
    long nanosUntilDue(long now) {
        return Math.max(0, dueAt() - now);
    }

    /** True if a frame is due at {@code now}; it then counts as taken and the next one becomes due. */
    boolean take(long now) {
        long late = now - dueAt();
        if (late < 0) {
            return false;
        }
        if (late > MAX_LAG_NANOS) {
            onRestart.run();
            start(now);
        }
        index++;
        return true;
    }

    long periodNanos() {
        return periodNanos;
    }

    private long dueAt() {
        return start + index * periodNanos;
    }
}
