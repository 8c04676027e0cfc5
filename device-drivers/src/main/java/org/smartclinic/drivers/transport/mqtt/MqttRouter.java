package org.smartclinic.drivers.transport.mqtt;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smartclinic.drivers.spi.InboundMessage;

/**
 * Which subscription gets which message, for one connection. Called from the client's reader thread (route), the
 * supervision thread (connection changes) and device links (attach, detach); all under one lock. Handing a
 * message to a subscription queues it in its device link; if that link's inbox is full, the reader thread waits
 * for room under the lock, at most the link's room wait (half a second), which pauses the whole connection: that is
 * the backpressure. A link thread attaching hands parked messages to its own inbox and never waits there.
 *
 * <p>The filters of every subscription ever opened are <em>known</em>: the connection resubscribes them after
 * each reconnect, and a message on a known filter whose subscription is not open right now (its device link is
 * backing off) is <em>parked</em>, unacknowledged, and handed over when that subscription opens again on the same
 * connection. Parking is bounded ({@value #MAX_PARKED} messages, {@value #MAX_PARKED_BYTES} bytes); what does not
 * fit, and messages no known filter matches, stay unacknowledged and are counted: the broker sends them again
 * after the next reconnect.
 */
final class MqttRouter {

    static final int MAX_PARKED = 1000;
    static final long MAX_PARKED_BYTES = 8L << 20;
    /** Topics whose subscriptions are remembered, at most this many (then forgotten all at once). */
    private static final int MAX_CACHED_TOPICS = 4096;
    /** Topics warned about once each, at most this many. */
    private static final int MAX_WARNED_TOPICS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(MqttRouter.class);

    private record Parked(String topic, MqttWireClient.Message message, Instant receivedAt) {
    }

    private final MqttDelivery.Acks acks;
    private final MqttConnectionStats stats;
    private final List<MqttSubscription> open = new ArrayList<>();
    /** The open subscriptions each recent topic matches, so a device's messages are not matched again each time. */
    private final Map<String, List<MqttSubscription>> targetsOf = new HashMap<>();
    private final Map<String, Integer> known = new LinkedHashMap<>();
    private final Map<String, Long> subscribedOn = new HashMap<>();
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();
    private final Set<String> warnedTopics = new HashSet<>();
    private long parkedBytes;
    private boolean overflowed;
    private long current;
    private boolean live;

    MqttRouter(MqttDelivery.Acks acks, MqttConnectionStats stats) {
        this.acks = acks;
        this.stats = stats;
    }

    /** A new network connection {@code generation} is being made: what was parked will be redelivered anyway. */
    synchronized void newConnection(long generation) {
        current = generation;
        parked.clear();
        parkedBytes = 0;
        overflowed = false;
    }

    /** Connection {@code generation} is up and resubscribed: subscriptions may attach. */
    synchronized void connected(long generation) {
        live = generation == current;
    }

    /** The filters to resubscribe after a reconnect, with their QoS. */
    synchronized Map<String, Integer> knownFilters() {
        return new LinkedHashMap<>(known);
    }

    /** Remembers {@code filter}; true if it still has to be subscribed on connection {@code generation}. */
    synchronized boolean register(String filter, int qos, long generation) {
        known.merge(filter, qos, Math::max);
        return !Long.valueOf(generation).equals(subscribedOn.get(filter));
    }

    synchronized void subscribed(String filter, long generation) {
        subscribedOn.put(filter, generation);
    }

    /** Stops resubscribing {@code filter} (its device was removed). */
    synchronized void forget(String filter) {
        known.remove(filter);
        subscribedOn.remove(filter);
    }

    /**
     * Opens {@code sub} for messages of connection {@code generation} and hands it what was parked for it.
     *
     * @return false if that connection is no longer up (the caller fails its open)
     */
    synchronized boolean attach(MqttSubscription sub, long generation) {
        if (!live || generation != current) {
            return false;
        }
        open.add(sub);
        targetsOf.clear();
        Iterator<Parked> it = parked.iterator();
        while (it.hasNext()) {
            Parked p = it.next();
            if (MqttTopics.matches(sub.topicFilter(), p.topic())) {
                it.remove();
                parkedBytes -= p.message().payload().length;
                deliver(List.of(sub), current, p.topic(), p.message(), p.receivedAt());
            }
        }
        if (overflowed) {
            overflowed = false;
            acks.redeliver(current, "messages held for devices that were offline did not all fit");
        }
        return true;
    }

    synchronized void detach(MqttSubscription sub) {
        open.remove(sub);
        targetsOf.clear();
    }

    /** The connection is down: no subscription stays open; returns those that were, to be told outside the lock. */
    synchronized List<MqttSubscription> closeAll() {
        live = false;
        List<MqttSubscription> closed = List.copyOf(open);
        open.clear();
        targetsOf.clear();
        return closed;
    }

    /** A PUBLISH arrived on connection {@code generation}: hand it to every open subscription it matches. */
    synchronized void route(long generation, String topic, MqttWireClient.Message message, Instant receivedAt) {
        List<MqttSubscription> targets = targetsOf.get(topic);
        if (targets == null) {
            targets = open.stream().filter(s -> MqttTopics.matches(s.topicFilter(), topic)).toList();
            if (targetsOf.size() >= MAX_CACHED_TOPICS) {
                targetsOf.clear();
            }
            targetsOf.put(topic, targets);
        }
        if (!targets.isEmpty()) {
            deliver(targets, generation, topic, message, receivedAt);
        } else if (known.keySet().stream().noneMatch(f -> MqttTopics.matches(f, topic))) {
            stats.onUnrouted();
            if (warnedTopics.size() < MAX_WARNED_TOPICS && warnedTopics.add(topic)) {
                LOG.warn("MQTT message on topic {} matches no configured device: left unacknowledged (configure the"
                        + " device, or remove the stale subscription from the gateway's broker session)", topic);
            }
        } else if (generation == current && parked.size() < MAX_PARKED
                && parkedBytes + message.payload().length <= MAX_PARKED_BYTES) {
            parked.add(new Parked(topic, message, receivedAt));
            parkedBytes += message.payload().length;
            stats.onParked();
        } else {
            overflowed = true;
            stats.onUnrouted();
        }
    }

    private void deliver(List<MqttSubscription> targets, long generation, String topic, MqttWireClient.Message message,
            Instant receivedAt) {
        MqttDelivery.Group group = new MqttDelivery.Group(targets.size());
        Map<String, String> attributes = Map.of(
                "mqtt.topic", topic,
                "mqtt.qos", Integer.toString(message.qos()),
                "mqtt.duplicate", Boolean.toString(message.duplicate()),
                "mqtt.retained", Boolean.toString(message.retained()));
        for (MqttSubscription sub : targets) {
            InboundMessage inbound = new InboundMessage(topic, message.payload(), receivedAt, attributes);
            sub.deliver(inbound, new MqttDelivery(acks, generation, message.id(), message.qos(), group));
        }
    }
}
