package org.smartclinic.gateway.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The viewers that left the live bus within the reconnect grace ({@code smartclinic.live.reconnect-grace}), for
 * {@link LiveBus#watched}: an exam one of them watched may see it come back and ask for its replay. At most
 * {@link #MAX} are kept, the oldest forgotten first. Not thread-safe: the bus guards it with its lock.
 */
final class LeftViewers {

    static final int MAX = 256;

    private record Left(LiveSink sink, Instant at) {
    }

    private final Deque<Left> left = new ArrayDeque<>();
    private final Duration grace;

    LeftViewers(Duration grace) {
        this.grace = grace;
    }

    void add(LiveSink sink, Instant at) {
        left.addLast(new Left(sink, at));
        if (left.size() > MAX) {
            left.removeFirst();
        }
    }

    /** Whether a viewer that left less than the grace before {@code now} covered {@code key}. */
    boolean covered(String key, Instant now) {
        Instant since = now.minus(grace);
        while (!left.isEmpty() && left.peekFirst().at().isBefore(since)) {
            left.removeFirst();
        }
        return left.stream().anyMatch(l -> l.sink().covers(key));
    }
}
