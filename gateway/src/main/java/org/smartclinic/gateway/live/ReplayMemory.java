package org.smartclinic.gateway.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the live bus remembers for viewers that reconnect: each key's last events, and for each key the newest
 * sequence number that is gone from them (pushed out of the buffer, or never published because nobody watched).
 * At most {@link LiveBus#MAX_KEYS} keys keep a buffer (the one whose newest event is oldest is forgotten whole) and
 * twice as many keep a note. Not thread-safe: the bus guards it with its lock.
 */
final class ReplayMemory {

    private final int perKey;
    /** Per key its last events. */
    private final Map<String, Deque<LiveEvent>> recent = new HashMap<>();
    /** Per key the newest sequence number gone from its events. */
    private final Map<String, Long> goneUpTo = new HashMap<>();
    /** The newest sequence number of a key forgotten whole. */
    private long forgottenUpTo;

    ReplayMemory(int perKey) {
        this.perKey = perKey;
    }

    /** Keeps a published event, pushing its key's oldest out when the buffer is full. */
    void keep(LiveEvent event) {
        Deque<LiveEvent> buffer = recent.get(event.device());
        if (buffer == null) {
            if (recent.size() >= LiveBus.MAX_KEYS) {
                forgetStalest();
            }
            buffer = new ArrayDeque<>();
            recent.put(event.device(), buffer);
        }
        if (buffer.size() >= perKey) {
            gone(event.device(), buffer.removeFirst().seq());
        }
        buffer.addLast(event);
    }

    /** Notes that the event {@code seq} of {@code key} was not published (nobody watched). */
    void skipped(String key, long seq) {
        gone(key, seq);
        if (goneUpTo.size() > 2 * LiveBus.MAX_KEYS) {
            forgetOldestNote();
        }
    }

    /** How many keys have a note of events gone. */
    int notes() {
        return goneUpTo.size();
    }

    /** Kept events after {@code since} that {@code sink} watches and wants, in sequence order. */
    List<LiveEvent> missed(LiveSink sink, long since) {
        List<LiveEvent> out = new ArrayList<>();
        recent.forEach((key, buffer) -> {
            if (sink.watches(key)) {
                buffer.stream().filter(e -> e.seq() > since && sink.wants(e)).forEach(out::add);
            }
        });
        out.sort(Comparator.comparingLong(LiveEvent::seq));
        return out;
    }

    /**
     * Whether {@link #missed} from {@code since} is all that {@code sink} missed, with {@code newest} the last
     * sequence number given out; always true for a viewer that asks for no replay ({@code since} not positive).
     */
    boolean complete(LiveSink sink, long since, long newest) {
        if (since <= 0) {
            return true;
        }
        if (since > newest || since < forgottenUpTo) {
            return false;
        }
        for (Map.Entry<String, Long> e : goneUpTo.entrySet()) {
            if (e.getValue() > since && sink.watches(e.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** The larger stays: a note of an unpublished event may be newer than an event pushed out later. */
    private void gone(String key, long seq) {
        goneUpTo.merge(key, seq, Math::max);
    }

    private void forgetStalest() {
        recent.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().peekLast().seq())).ifPresent(e -> {
            forgottenUpTo = Math.max(forgottenUpTo, e.getValue().peekLast().seq());
            goneUpTo.remove(e.getKey());
            recent.remove(e.getKey());
        });
    }

    /** The oldest note of a key without a buffer goes, and no replay reaches back past it. */
    private void forgetOldestNote() {
        goneUpTo.entrySet().stream().filter(e -> !recent.containsKey(e.getKey()))
                .min(Map.Entry.comparingByValue()).ifPresent(e -> {
                    forgottenUpTo = Math.max(forgottenUpTo, e.getValue());
                    goneUpTo.remove(e.getKey());
                });
    }
}
