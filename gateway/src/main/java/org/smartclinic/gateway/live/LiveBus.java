package org.smartclinic.gateway.live;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.smartclinic.gateway.config.GatewayConfig;

/**
 * The gateway's live bus: waveform chunks, stored readings and device status for live viewers, and the exam and
 * station events {@link ExamFeed} derives from the journal. It is the only lossy place of the gateway, and bounded
 * everywhere: publishing never waits (a device is never slowed by a viewer), each viewer has a bounded queue and
 * loses events beyond it, every loss counted ({@code smartclinic_live_dropped_total{device}}). The journal does not
 * depend on it: readings are journaled before they are published here, waveforms are summarised separately.
 *
 * <p>Events are numbered and handed to the viewers under one lock, so every viewer sees them in sequence order
 * (a WebSocket client drops anything not newer than what it saw). Handing out is a queue operation per viewer, so
 * the lock is held for microseconds. Each key (device, exam, station) keeps its last
 * {@code smartclinic.live.replay-buffer} events, so a viewer that reconnects gets what it missed since the
 * sequence number it saw last, without duplicates, or is told that the buffer no longer reaches back that far.
 */
@ApplicationScoped
public class LiveBus {

    /** Keys with a replay buffer at most; the one with the oldest newest event is forgotten beyond that. */
    static final int MAX_KEYS = 1024;

    /**
     * What {@link #attach} replayed.
     *
     * @param newest   the newest sequence number at the moment of attaching
     * @param complete false when the replay buffer no longer holds everything after {@code since} (the viewer
     *                 reloads its state instead)
     */
    record Replay(long newest, int replayed, boolean complete) {
    }

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private int subscriberQueue;
    private int maxSubscribers;

    private final Object lock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    /** Each key's last events and what is gone from them; guarded by {@link #lock}. */
    private ReplayMemory memory;
    private final List<LiveSink> sinks = new CopyOnWriteArrayList<>();
    /** Viewers that left within the reconnect grace; guarded by {@link #lock}. */
    private LeftViewers left;
    private final AtomicInteger viewers = new AtomicInteger();
    /** By label, then by kind: no key is built per event (readings of batch devices are published by thousands). */
    private final Map<String, Map<String, Counter>> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    /** For CDI: settings come from {@code smartclinic.live.*}. */
    LiveBus() {
    }

    /** A bus with these bounds and a reconnect grace of five minutes, for tests. */
    LiveBus(int replayBuffer, int subscriberQueue, int maxSubscribers, MeterRegistry meters, Clock clock) {
        this(replayBuffer, subscriberQueue, maxSubscribers, Duration.ofMinutes(5), meters, clock);
    }

    /** A bus with these bounds, for tests. */
    LiveBus(int replayBuffer, int subscriberQueue, int maxSubscribers, Duration reconnectGrace, MeterRegistry meters,
            Clock clock) {
        this.left = new LeftViewers(reconnectGrace);
        this.memory = new ReplayMemory(replayBuffer);
        this.subscriberQueue = subscriberQueue;
        this.maxSubscribers = maxSubscribers;
        this.meters = meters;
        this.clock = clock;
        metrics();
    }

    @PostConstruct
    void init() {
        memory = new ReplayMemory(config.live().replayBuffer());
        subscriberQueue = config.live().subscriberQueue();
        maxSubscribers = config.live().maxSubscribers();
        left = new LeftViewers(config.live().reconnectGrace());
        metrics();
    }

    private void metrics() {
        Gauge.builder("smartclinic.live.subscribers", viewers, AtomicInteger::get)
                .description("Live viewers connected (Server-Sent Events and WebSocket)").register(meters);
    }

    /** Publishes an event under {@code key} (a device id, or an exam or station key); never waits. */
    public long publish(String key, String kind, Object data) {
        LiveEvent event;
        int[] lost = new int[1];
        synchronized (lock) {
            event = new LiveEvent(sequence.incrementAndGet(), key, kind, clock.instant(), data);
            memory.keep(event);
            for (LiveSink s : sinks) {
                if (s.watches(key) && s.wants(event)) {
                    lost[0] += s.offer(event);
                }
            }
        }
        published.computeIfAbsent(label(key), l -> new ConcurrentHashMap<>())
                .computeIfAbsent(kind, k -> counter(key, kind, "smartclinic.live.events",
                        "Events published on the live bus")).increment();
        if (lost[0] > 0) {
            dropped(key, lost[0]);
        }
        return event.seq();
    }

    /**
     * Whether a viewer watches {@code key}, or one that did left less than {@code smartclinic.live.reconnect-grace}
     * ago (a dropped connection comes back and finds the event in its replay). Otherwise the bus notes that an event
     * of the key went unpublished, as if it had been published and pushed out of the key's replay buffer: a viewer
     * that comes back asking for events since before it is told its replay is incomplete and reloads. For a
     * publisher whose event costs work to build (a journal read), which it can skip when nobody would see it.
     */
    public boolean watched(String key) {
        synchronized (lock) {
            for (LiveSink s : sinks) {
                if (s.watches(key)) {
                    return true;
                }
            }
            if (left.covered(key, clock.instant())) {
                return true;
            }
            memory.skipped(key, sequence.incrementAndGet());
            return false;
        }
    }

    /** How many keys have a note of events gone from replay (pushed out of a buffer, or unpublished). */
    int skipNotes() {
        synchronized (lock) {
            return memory.notes();
        }
    }

    /**
     * A new Server-Sent Events viewer of {@code devices} (empty: all); when {@code since} is positive, the kept
     * events after it are queued first.
     *
     * @throws IllegalStateException when {@code smartclinic.live.max-subscribers} viewers are connected
     */
    public LiveSubscription subscribe(Set<String> devices, long since) {
        LiveSubscription[] holder = new LiveSubscription[1];
        LiveSubscription s = new LiveSubscription(devices, subscriberQueue, () -> detach(holder[0]));
        holder[0] = s;
        attach(s, since);
        return s;
    }

    /**
     * Adds a viewer; with {@code since} positive, first offers it the kept events after {@code since} that it
     * wants, all under the lock, so it gets each event once and in order. It counts against
     * {@code smartclinic.live.max-subscribers}; {@link #detach} it when it goes.
     *
     * @throws IllegalStateException when the limit is reached
     */
    Replay attach(LiveSink sink, long since) {
        synchronized (lock) {
            if (viewers.get() >= maxSubscribers) {
                throw new IllegalStateException("too many live viewers (" + viewers.get() + "); close one");
            }
            long newest = sequence.get();
            boolean complete = memory.complete(sink, since, newest);
            int replayed = 0;
            if (since > 0) {
                List<LiveEvent> missed = memory.missed(sink, since);
                sink.replay(missed);
                replayed = missed.size();
            }
            viewers.incrementAndGet();
            sinks.add(sink);
            return new Replay(newest, replayed, complete);
        }
    }

    /** Removes a viewer added by {@link #attach}; idempotent. */
    void detach(LiveSink sink) {
        if (sinks.remove(sink)) {
            viewers.decrementAndGet();
            synchronized (lock) {
                left.add(sink, clock.instant());
            }
        }
    }

    /** Kept events after {@code since} of {@code devices} (empty: all), in sequence order. */
    public List<LiveEvent> missed(Set<String> devices, long since) {
        synchronized (lock) {
            return memory.missed(new LiveSubscription(devices, 1, () -> { }), since);
        }
    }

    /** The last sequence number given out. */
    public long lastSequence() {
        return sequence.get();
    }

    /** Events dropped for slow viewers of {@code device} so far. */
    public long droppedFor(String device) {
        Counter c = dropped.get(device);
        return c == null ? 0 : (long) c.count();
    }

    /** Counts events a viewer lost (or skipped when downsampling) outside the bus's own offer. */
    void dropped(String key, int count) {
        dropped.computeIfAbsent(label(key), l -> counter(key, null, "smartclinic.live.dropped",
                "Live events a slow viewer lost (the bus never waits for viewers)")).increment(count);
    }

    /** Exams and stations share one label value each: exam ids must not multiply the metric's series. */
    private static String label(String key) {
        return key.startsWith("exam:") ? "exam" : key.startsWith("station:") ? "station" : key;
    }

    private Counter counter(String key, String kind, String name, String description) {
        Counter.Builder b = Counter.builder(name).description(description).tag("device", label(key));
        return (kind == null ? b : b.tag("kind", kind)).register(meters);
    }
}
