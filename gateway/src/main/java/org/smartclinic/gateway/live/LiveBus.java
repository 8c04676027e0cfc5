package org.smartclinic.gateway.live;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.smartclinic.gateway.config.GatewayConfig;

/**
 * The gateway's live bus: waveform chunks, stored readings and device status for live viewers. It is the only
 * lossy place of the gateway, and bounded everywhere: publishing never waits (a device is never slowed by a
 * viewer), each viewer has a queue of {@code smartclinic.live.subscriber-queue} events and loses its oldest beyond
 * that, every loss counted ({@code smartclinic_live_dropped_total{device}}). The journal does not depend on it:
 * readings are journaled before they are published here, waveforms are summarised in the journal separately.
 *
 * <p>Each device keeps its last {@code smartclinic.live.replay-buffer} events, so a viewer that reconnects gets
 * what it missed since the sequence number it saw last, without duplicates.
 */
@ApplicationScoped
public class LiveBus {

    @Inject
    GatewayConfig config;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    private int replayBuffer;
    private int subscriberQueue;
    private int maxSubscribers;

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Deque<LiveEvent>> recent = new ConcurrentHashMap<>();
    private final List<LiveSubscription> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> published = new ConcurrentHashMap<>();
    private final Map<String, Counter> dropped = new ConcurrentHashMap<>();

    /** For CDI: settings come from {@code smartclinic.live.*}. */
    LiveBus() {
    }

    /** A bus with these bounds, for tests. */
    LiveBus(int replayBuffer, int subscriberQueue, int maxSubscribers, MeterRegistry meters, Clock clock) {
        this.replayBuffer = replayBuffer;
        this.subscriberQueue = subscriberQueue;
        this.maxSubscribers = maxSubscribers;
        this.meters = meters;
        this.clock = clock;
        metrics();
    }

    @PostConstruct
    void init() {
        replayBuffer = config.live().replayBuffer();
        subscriberQueue = config.live().subscriberQueue();
        maxSubscribers = config.live().maxSubscribers();
        metrics();
    }

    private void metrics() {
        Gauge.builder("smartclinic.live.subscribers", subscribers, List::size)
                .description("Live viewers connected").register(meters);
    }

    /** Publishes an event of {@code device}; never waits. Returns its sequence number. */
    public long publish(String device, String kind, Object data) {
        LiveEvent event;
        Deque<LiveEvent> buffer = recent.computeIfAbsent(device, d -> new ArrayDeque<>());
        synchronized (buffer) {
            // Numbered under the device's lock, so each device's buffer stays in sequence order.
            event = new LiveEvent(sequence.incrementAndGet(), device, kind, clock.instant(), data);
            if (buffer.size() >= replayBuffer) {
                buffer.removeFirst();
            }
            buffer.addLast(event);
        }
        counter(published, device, kind, "smartclinic.live.events", "Events published on the live bus").increment();
        for (LiveSubscription s : subscribers) {
            if (s.wants(device)) {
                int lost = s.offer(event);
                if (lost > 0) {
                    counter(dropped, device, null, "smartclinic.live.dropped",
                            "Live events a slow viewer lost (the bus never waits for viewers)").increment(lost);
                }
            }
        }
        return event.seq();
    }

    /**
     * A new viewer of {@code devices} (empty: all); when {@code since} is positive, the kept events after it are
     * queued first.
     *
     * @throws IllegalStateException when {@code smartclinic.live.max-subscribers} viewers are connected
     */
    public LiveSubscription subscribe(Set<String> devices, long since) {
        if (subscribers.size() >= maxSubscribers) {
            throw new IllegalStateException("too many live viewers (" + subscribers.size() + "); close one");
        }
        LiveSubscription[] holder = new LiveSubscription[1];
        LiveSubscription s = new LiveSubscription(devices, subscriberQueue,
                () -> subscribers.remove(holder[0]));
        holder[0] = s;
        // Listen first, then queue what was missed: an event published in between may come twice, and the
        // subscription hands each device's events out once, in order.
        subscribers.add(s);
        if (since > 0) {
            missed(devices, since).forEach(s::offer);
        }
        return s;
    }

    /** Kept events after {@code since}, in sequence order. */
    public List<LiveEvent> missed(Set<String> devices, long since) {
        List<LiveEvent> out = new ArrayList<>();
        recent.forEach((device, buffer) -> {
            if (devices.isEmpty() || devices.contains(device)) {
                synchronized (buffer) {
                    buffer.stream().filter(e -> e.seq() > since).forEach(out::add);
                }
            }
        });
        out.sort(Comparator.comparingLong(LiveEvent::seq));
        return out;
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

    private Counter counter(Map<String, Counter> counters, String device, String kind, String name,
            String description) {
        return counters.computeIfAbsent(kind == null ? device : device + "|" + kind, k -> {
            Counter.Builder b = Counter.builder(name).description(description).tag("device", device);
            return (kind == null ? b : b.tag("kind", kind)).register(meters);
        });
    }
}
