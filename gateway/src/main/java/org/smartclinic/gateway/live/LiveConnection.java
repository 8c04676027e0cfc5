package org.smartclinic.gateway.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

import org.jboss.logging.Logger;

/**
 * One WebSocket viewer on the bus: a {@link LiveOutbox} the bus fills under its lock, and a sender that empties
 * it on the connection's event loop with the non-blocking sends, a batch at a time, continuing when the batch's
 * last write completes. No thread waits for a viewer: a viewer that does not read stops the writes from
 * completing, its queue fills, downsamples, drops (counted, told with a {@code dropped} frame), and when it stays
 * stuck {@link LiveSockets} closes it.
 *
 * <p>Frames: {@code {"seq":N,"kind":K,"device":"ox-1","at":"...","data":{...}}} (waveforms sent while
 * downsampling add {@code "downsampled":2|4} and {@code "skipped":n}); events already queued together go as one
 * message, a JSON array of such objects (one write, one flush and one frame per batch instead of one per event: at
 * ten viewers and a thousand readings a second that is most of what viewers cost the gateway). Event messages are
 * binary WebSocket messages holding UTF-8 JSON, so that one message's bytes serve every viewer that takes the same
 * events ({@link LiveFrames#message}); control frames, without seq and always alone, are text: {@code hello},
 * {@code ping}, {@code dropped}, {@code end}. docs/live-bus.md has the protocol.
 */
final class LiveConnection implements LiveSink {

    private static final Logger LOG = Logger.getLogger(LiveConnection.class);
    /** Events sent in one message (a JSON array) before waiting for the network. */
    private static final int BATCH = 256;
    /**
     * Least time between two messages to one viewer: events closer together than this wait for the next message
     * (at most this long). Slower streams (a 25 frames/s pleth, readings) are never delayed; at a thousand events a
     * second ten viewers cost the gateway 500 writes a second instead of ten thousand.
     */
    private static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * The gap after a message of {@link #BUSY} events or more: a busy exam (hundreds of readings a second, only at
     * saturation) is sent in fewer, larger messages, each of which costs the event loop a fixed part besides its
     * bytes. At 2,500 readings a second ten viewers' event loops went from 5.4-7.7 % to 4.4-5.5 % of one CPU
     * (with the compact reading view; docs/live-bus.md), and a viewer still gets up to 5,000 events a second.
     */
    private static final long BUSY_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int BUSY = 32;

    private final WebSocketConnection connection;
    private final LiveScope scope;
    private final LiveOutbox outbox;
    private final LiveFrames json;
    private final Context context;
    private final LiveSockets.Losses losses;
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicReference<String> control = new AtomicReference<>();
    private final AtomicReference<String> hello = new AtomicReference<>();
    /** What a reconnecting viewer missed, sent before the queue; the bus's own events, not copies. */
    private volatile List<LiveEvent> replay = List.of();
    private int replayed;
    private volatile boolean started;
    private volatile String endReason;
    private volatile boolean ended;
    /** {@link System#nanoTime()} when the batch in flight was written, 0 when none is. */
    private volatile long inFlightSince;
    /** {@link System#nanoTime()} when the last message was written. */
    private volatile long lastSent = System.nanoTime() - BUSY_GAP_NANOS;
    /** The least time from the last message to the next: {@link #MIN_GAP_NANOS} or {@link #BUSY_GAP_NANOS}. */
    private volatile long gap = MIN_GAP_NANOS;

    LiveConnection(WebSocketConnection connection, LiveScope scope, int capacity, LiveFrames json,
            Context context, LiveSockets.Losses losses) {
        this.connection = connection;
        this.scope = scope;
        this.outbox = new LiveOutbox(capacity);
        this.json = json;
        this.context = context;
        this.losses = losses;
    }

    String id() {
        return connection.id();
    }

    @Override
    public boolean watches(String key) {
        return !ended && endReason == null && scope.watches(key);
    }

    @Override
    public boolean covers(String key) {
        return scope.watches(key);
    }

    @Override
    public boolean wants(LiveEvent event) {
        return scope.wants(event);
    }

    @Override
    public int offer(LiveEvent event) {
        long droppedBefore = outbox.droppedTotal();
        int lost = outbox.offer(event, System.nanoTime());
        if (lost > 0) {
            losses.count(outbox.droppedTotal() > droppedBefore);
        }
        String end = scope.endsAfter(event);
        if (end != null) {
            endReason = end;
        }
        kick();
        return lost;
    }

    /**
     * Keeps the missed events to send first: not through the queue, so a long replay is neither downsampled nor
     * dropped as if this viewer were slow.
     */
    @Override
    public void replay(List<LiveEvent> missed) {
        replay = List.copyOf(missed);
        replayed = 0;
        for (LiveEvent e : missed) {
            String end = scope.endsAfter(e);
            if (end != null) {
                endReason = end;
            }
        }
    }

    /** Sends the hello frame, then the replay, then what the bus queued meanwhile. */
    void start(long newest, int replayed, boolean complete) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("kind", "hello");
        h.put("seq", newest);
        h.put("replayed", replayed);
        h.put("complete", complete);
        hello.set(write(h));
        started = true;
        kick();
    }

    /** Queues a ping saying how far behind this viewer is; replaces one not yet sent. */
    void ping(Instant at) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", "ping");
        p.put("at", at);
        p.put("behind", behindSeconds(System.nanoTime()));
        control.set(write(p));
        kick();
    }

    /** Ends the stream after what is queued: an {@code end} frame with {@code reason}, then the close. */
    void end(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
        kick();
    }

    /** Seconds the oldest unsent event (or the write in flight) has waited. */
    long behindSeconds(long now) {
        long flight = inFlightSince;
        long waited = Math.max(outbox.oldestWait(now), flight == 0 ? 0 : now - flight);
        return TimeUnit.NANOSECONDS.toSeconds(waited);
    }

    /** Events waiting in this viewer's queue. */
    int queued() {
        return outbox.size();
    }

    boolean isEnded() {
        return ended;
    }

    /** Closes without an end frame: the viewer stopped reading. */
    void closeStuck(long behind) {
        ended = true;
        connection.close(new CloseReason(1008, "too slow: " + behind + " s behind")).subscribe()
                .with(ok -> { }, f -> { });
    }

    private void kick() {
        if (started && !ended && sending.compareAndSet(false, true)) {
            next();
        }
    }

    /**
     * Runs {@link #drain()} on the connection's event loop, once the gap after the last message has passed. After
     * a busy message the next one waits for the next tick of a clock all viewers share (every
     * {@link #BUSY_GAP_NANOS} of {@link System#nanoTime()}): viewers of a busy stream are then sent at the same
     * moments, take the same events, and share one message ({@link LiveFrames#message}).
     */
    private void next() {
        long due = lastSent + gap;
        if (gap == BUSY_GAP_NANOS) {
            due = -Math.floorDiv(-due, BUSY_GAP_NANOS) * BUSY_GAP_NANOS;
        }
        long wait = due - System.nanoTime();
        if (wait <= 0) {
            context.runOnContext(v -> drain());
        } else {
            // Rounded up: a timer never fires before the tick, when some events of the tick may not be queued yet.
            long millis = TimeUnit.NANOSECONDS.toMillis(wait + TimeUnit.MILLISECONDS.toNanos(1) - 1);
            context.runOnContext(v -> context.owner().setTimer(millis, t -> drain()));
        }
    }

    private void drain() {
        try {
            List<String> texts = new ArrayList<>();
            String h = hello.getAndSet(null);
            if (h != null) {
                texts.add(h);
            }
            String c = control.getAndSet(null);
            if (c != null) {
                texts.add(c);
            }
            LiveOutbox.Notice notice = outbox.takeNotice();
            if (notice != null) {
                texts.add(write(Map.of("kind", "dropped", "count", notice.count(), "downsampled",
                        notice.downsampled())));
            }
            List<LiveOutbox.Queued> events = events();
            gap = events.size() >= BUSY ? BUSY_GAP_NANOS : MIN_GAP_NANOS;
            if (texts.isEmpty() && events.isEmpty()) {
                idle();
                return;
            }
            send(texts, events.isEmpty() ? null : json.message(events));
        } catch (RuntimeException e) {
            LOG.warnf("live viewer %s: sending failed, closing: %s", connection.id(), e.toString());
            closeStuck(0);
        }
    }

    /** The next events to send, up to {@link #BATCH}: what a reconnect missed first, then the queue. */
    private List<LiveOutbox.Queued> events() {
        List<LiveOutbox.Queued> events = new ArrayList<>();
        List<LiveEvent> missed = replay;
        while (replayed < missed.size() && events.size() < BATCH) {
            events.add(new LiveOutbox.Queued(missed.get(replayed++), 0, 0, 1));
        }
        if (replayed >= missed.size() && !missed.isEmpty()) {
            replay = List.of();
        }
        if (replay.isEmpty()) {
            events.addAll(outbox.take(Math.max(0, BATCH - events.size())));
        }
        return events;
    }

    private void idle() {
        if (endReason != null && outbox.isEmpty() && replay.isEmpty() && !ended) {
            ended = true;
            connection.sendText(write(Map.of("kind", "end", "reason", endReason))).chain(() -> connection.close())
                    .subscribe().with(ok -> { }, f -> { });
            return;
        }
        sending.set(false);
        // Something may have been queued between taking and clearing the flag: its kick saw the flag set.
        if (!outbox.isEmpty() || !replay.isEmpty() || control.get() != null || endReason != null && !ended) {
            kick();
        }
    }

    /** Control frames as text, then the events as one binary message of UTF-8 JSON (null: none). */
    private void send(List<String> texts, Buffer events) {
        inFlightSince = System.nanoTime();
        lastSent = inFlightSince;
        for (int i = 0; i < texts.size(); i++) {
            Uni<Void> write = connection.sendText(texts.get(i));
            if (events == null && i == texts.size() - 1) {
                write.subscribe().with(ok -> sent(), this::failed);
            } else {
                write.subscribe().with(ok -> { }, this::failed);
            }
        }
        if (events != null) {
            connection.sendBinary(events).subscribe().with(ok -> sent(), this::failed);
        }
    }

    /**
     * The last write of a message completed: the next message, as a new task (a write that completes at once must
     * not keep the event loop to itself).
     */
    private void sent() {
        inFlightSince = 0;
        next();
    }

    private void failed(Throwable t) {
        LOG.debugf("live viewer %s gone: %s", connection.id(), t.toString());
        ended = true;
    }

    private String write(Object value) {
        return json.write(value);
    }
}
