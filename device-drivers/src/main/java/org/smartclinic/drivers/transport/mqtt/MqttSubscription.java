package org.smartclinic.drivers.transport.mqtt;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.smartclinic.drivers.spi.InboundMessage;
import org.smartclinic.drivers.transport.Delivery;
import org.smartclinic.drivers.transport.MessageListener;
import org.smartclinic.drivers.transport.MessageTransport;

/**
 * One device's messages on a shared {@link MqttConnection}: the {@link MessageTransport} a device link opens for
 * each connection attempt ({@code Connector.messages(() -> new MqttSubscription(connection, filter, 1))}).
 *
 * <p>{@link #open} subscribes the device's topic filter on the broker connection (once per network connection;
 * the broker keeps it in the gateway's session) and from then on hands every message whose topic matches the
 * filter to the listener, as an {@link InboundMessage} whose source is the topic and whose attributes are
 * {@code mqtt.topic}, {@code mqtt.qos}, {@code mqtt.duplicate} (the broker's DUP flag: a redelivery) and
 * {@code mqtt.retained}, with a {@link Delivery}: {@code accept} and {@code reject} send the PUBACK, {@code retry}
 * leaves the message unacknowledged and has the connection reconnect (at most once per backoff period) so that the
 * broker delivers it again. When the broker connection is down, {@code open} fails with the connection's reason;
 * the link backs off and tries again while the connection reconnects by itself. When the connection is lost, the
 * listener's {@link MessageListener#onClosed} is called once.
 *
 * <p>{@link #close()} detaches without unsubscribing: the broker keeps the subscription in the session and holds
 * the device's messages, unacknowledged, for the next subscription of the same filter (see
 * {@link MqttConnection#unsubscribe} for a device that is removed for good).
 */
public final class MqttSubscription implements MessageTransport {

    private final MqttConnection connection;
    private final String topicFilter;
    private final int qos;
    private final AtomicBoolean opened = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicInteger unsettled = new AtomicInteger();
    private volatile MessageListener listener;
    private volatile long generation;

    /**
     * @param connection  the broker connection shared by the devices on that broker
     * @param topicFilter the device's topic filter, e.g. {@code clinic/devices/iot-1/#}; the topic is the device's
     *                    identity, so no other device may publish under it (enforce that with the broker's ACL)
     * @param qos         0 or 1; use 1: readings are deduplicated by key, so QoS 2's exactly-once costs only
     * @throws IllegalArgumentException for an invalid filter or QoS
     */
    public MqttSubscription(MqttConnection connection, String topicFilter, int qos) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.topicFilter = MqttTopics.requireValidFilter(topicFilter);
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("MQTT QoS " + qos + " is not supported for device messages: use 1"
                    + " (at least once; readings are deduplicated by their key)");
        }
        this.qos = qos;
    }

    @Override
    public void open(MessageListener messageListener) throws IOException {
        Objects.requireNonNull(messageListener, "listener");
        if (ended.get() || !opened.compareAndSet(false, true)) {
            throw new IllegalStateException(describe() + " was already opened; use a new subscription per attempt");
        }
        listener = messageListener;
        connection.attach(this);
    }

    /**
     * Detaches from the connection; the broker session keeps the subscription. Messages handed over but not settled
     * (the link stopped before storing them) are left to the broker: the connection reconnects, paced, so that they
     * come again, to the next subscription of this filter. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            connection.detach(this);
            boolean connectionWasUp = !ended.getAndSet(true);
            int left = unsettled.get();
            if (connectionWasUp && left > 0) {
                connection.redeliverLater(generation, left + " message(s) of " + topicFilter
                        + " not settled when its subscription closed");
            }
        }
    }

    /** {@code mqtt:<broker url> <topic filter>}. */
    @Override
    public String describe() {
        return "mqtt:" + connection.settings().url() + " " + topicFilter;
    }

    public String topicFilter() {
        return topicFilter;
    }

    public int qos() {
        return qos;
    }

    /** A message for this subscription; only queues it in the listener. */
    void deliver(InboundMessage message, Delivery delivery) {
        MessageListener l = listener;
        if (l != null && !ended.get()) {
            unsettled.incrementAndGet();
            l.onMessage(message, new Counted(delivery));
        } else {
            delivery.retry("the subscription was closed", new byte[0]);
        }
    }

    /** The network connection this subscription was opened on. */
    void attachedOn(long connectionGeneration) {
        generation = connectionGeneration;
    }

    /** The broker connection ended: tell the listener once. */
    void connectionClosed(String reason) {
        MessageListener l = listener;
        if (l != null && ended.compareAndSet(false, true)) {
            l.onClosed(reason);
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Keeps count of the deliveries the link has not settled yet. */
    private final class Counted implements Delivery {
        private final Delivery delivery;
        private final AtomicBoolean done = new AtomicBoolean();

        Counted(Delivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public void accept(byte[] reply) {
            settled();
            delivery.accept(reply);
        }

        @Override
        public void reject(String reason, byte[] reply) {
            settled();
            delivery.reject(reason, reply);
        }

        @Override
        public void retry(String reason, byte[] reply) {
            settled();
            delivery.retry(reason, reply);
        }

        private void settled() {
            if (done.compareAndSet(false, true)) {
                unsettled.decrementAndGet();
            }
        }
    }
}
