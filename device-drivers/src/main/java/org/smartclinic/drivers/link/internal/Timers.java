package org.smartclinic.drivers.link.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A driver's timers, owned by the link thread: name to deadline ({@link System#nanoTime()}). The link waits on
 * its inbox no longer than until the earliest deadline, then fires what is due. Not thread-safe.
 */
public final class Timers {

    private final Map<String, Long> deadlines = new HashMap<>();

    public void schedule(String name, Duration delay, long now) {
        deadlines.put(name, now + Math.max(0, delay.toNanos()));
    }

    public void cancel(String name) {
        deadlines.remove(name);
    }

    public void clear() {
        deadlines.clear();
    }

    /** Nanoseconds until the earliest deadline from {@code now} (0 if one is due), or -1 when none is armed. */
    public long nanosUntilNext(long now) {
        long best = -1;
        for (long deadline : deadlines.values()) {
            long left = Math.max(0, deadline - now);
            if (best < 0 || left < best) {
                best = left;
            }
        }
        return best;
    }

    /** Removes and returns the timers due at {@code now}, earliest first. */
    public List<String> takeDue(long now) {
        List<Map.Entry<String, Long>> due = new ArrayList<>();
        for (Map.Entry<String, Long> e : deadlines.entrySet()) {
            if (e.getValue() - now <= 0) {
                due.add(e);
            }
        }
        due.sort(Map.Entry.comparingByValue());
        List<String> names = due.stream().map(Map.Entry::getKey).toList();
        names.forEach(deadlines::remove);
        return names;
    }
}
