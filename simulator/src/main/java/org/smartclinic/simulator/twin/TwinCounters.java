package org.smartclinic.simulator.twin;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Counters keyed by an enum, updated by a twin's thread and read or awaited by others (tests, progress lines).
 * Thread-safe; {@link #await} wakes on every update, no polling.
 *
 * @param <K> what is counted
 */
public final class TwinCounters<K extends Enum<K>> {

    private final Class<K> keys;
    private final long[] counts;

    public TwinCounters(Class<K> keys) {
        this.keys = keys;
        this.counts = new long[keys.getEnumConstants().length];
    }

    public void increment(K key) {
        add(key, 1);
    }

    public synchronized void add(K key, long n) {
        counts[key.ordinal()] += n;
        notifyAll();
    }

    public synchronized long get(K key) {
        return counts[key.ordinal()];
    }

    /** {@link #get} as an int, for counts that cannot overflow one (frames, retries). */
    public int count(K key) {
        return Math.toIntExact(get(key));
    }

    /** All counts at one instant, in key order. */
    public synchronized Map<K, Long> snapshot() {
        Map<K, Long> out = new EnumMap<>(keys);
        for (K k : keys.getEnumConstants()) {
            out.put(k, counts[k.ordinal()]);
        }
        return out;
    }

    /**
     * Waits until {@code condition} holds (it is tested under this object's lock, so it sees consistent counts).
     *
     * @return true if it held within {@code timeout}; false on timeout or interrupt (the flag is kept)
     */
    public synchronized boolean await(Predicate<TwinCounters<K>> condition, Duration timeout) {
        try {
            return MonitorWait.until(this, () -> condition.test(this), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
