package org.smartclinic.gateway.live;

import java.util.List;

/**
 * A viewer on the live bus: a Server-Sent Events or a WebSocket viewer. The bus calls it under its lock, in sequence order, so it must never wait: it queues (or
 * drops, counted) and returns.
 */
interface LiveSink {

    /** True if this sink follows {@code key} (a device id, or an exam or station key of {@link LiveEvent}). */
    boolean watches(String key);

    /** True if this sink's scope includes {@code key}, also once it has ended (for {@link LiveBus#watched}). */
    default boolean covers(String key) {
        return watches(key);
    }

    /** True if this sink takes {@code event}; only asked for events of keys it watches. */
    default boolean wants(LiveEvent event) {
        return true;
    }

    /** Queues without waiting; returns how many events the sink lost doing so (counted by the bus). */
    int offer(LiveEvent event);

    /**
     * The kept events a reconnecting sink missed, in order, before any live one. They are the bus's own (already
     * bounded by its replay buffer), so a sink may hold the list as it is rather than queue each.
     */
    default void replay(List<LiveEvent> missed) {
        missed.forEach(this::offer);
    }
}
