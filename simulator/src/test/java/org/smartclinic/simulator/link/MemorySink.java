package org.smartclinic.simulator.link;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.smartclinic.drivers.Reading;
import org.smartclinic.drivers.link.ReadingSink;
import org.smartclinic.drivers.spi.Outcome;

/**
 * An in-memory journal with the {@link ReadingSink} contract: a reading whose (deviceId, key) is stored already is
 * a success that changes nothing. Can be told to fail its first stores, like a full disk, or to take its time, like a
 * journal on a busy disk.
 */
final class MemorySink implements ReadingSink {

    private final Map<String, Reading> stored = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft;
    private final java.time.Duration delay;
    final AtomicInteger calls = new AtomicInteger();

    MemorySink(int failFirst) {
        this(failFirst, java.time.Duration.ZERO);
    }

    /** @param delay how long each store takes before it stores */
    MemorySink(int failFirst, java.time.Duration delay) {
        this.failuresLeft = new AtomicInteger(failFirst);
        this.delay = delay;
    }

    @Override
    public void store(Outcome.Accepted accepted) throws Exception {
        calls.incrementAndGet();
        Thread.sleep(delay); // the fault itself (a slow disk), not a wait for a result
        if (failuresLeft.getAndDecrement() > 0) {
            throw new java.io.IOException("journal full (test)");
        }
        for (Reading r : accepted.readings()) {
            stored.putIfAbsent(r.deviceId() + "|" + r.key(), r);
        }
    }

    boolean holds(String deviceId, String key) {
        return stored.containsKey(deviceId + "|" + key);
    }

    List<Reading> readings() {
        return List.copyOf(stored.values());
    }

    int size() {
        return stored.size();
    }
}
