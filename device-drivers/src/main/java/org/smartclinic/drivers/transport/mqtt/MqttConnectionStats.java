package org.smartclinic.drivers.transport.mqtt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one {@link MqttConnection}, for the gateway's metrics and the technician's view; written from the
 * client's threads, the supervision thread and the device links, read from anywhere.
 */
public final class MqttConnectionStats {

    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong connectionLosses = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong acksSent = new AtomicLong();
    private final AtomicLong redeliveriesRequested = new AtomicLong();
    private final AtomicLong redeliveryReconnects = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong unrouted = new AtomicLong();
    private final AtomicLong staleSettlements = new AtomicLong();

    void onConnected() {
        connects.incrementAndGet();
    }

    void onConnectFailed() {
        connectFailures.incrementAndGet();
    }

    void onLost() {
        connectionLosses.incrementAndGet();
    }

    void onReceived() {
        messagesReceived.incrementAndGet();
    }

    void onAcked() {
        acksSent.incrementAndGet();
    }

    void onRedeliveryRequested() {
        redeliveriesRequested.incrementAndGet();
    }

    void onRedeliveryReconnect() {
        redeliveryReconnects.incrementAndGet();
    }

    void onParked() {
        parked.incrementAndGet();
    }

    void onUnrouted() {
        unrouted.incrementAndGet();
    }

    void onStale() {
        staleSettlements.incrementAndGet();
    }

    /** Successful connects (CONNACK accepted), the first one included. */
    public long connects() {
        return connects.get();
    }

    /** Connect attempts that failed (broker unreachable, credentials refused, timeout). */
    public long connectFailures() {
        return connectFailures.get();
    }

    /** Established connections that dropped by themselves (broker gone, network, keep-alive timeout). */
    public long connectionLosses() {
        return connectionLosses.get();
    }

    /** PUBLISH packets received from the broker, redeliveries included. */
    public long messagesReceived() {
        return messagesReceived.get();
    }

    /** PUBACKs sent: messages settled for good (stored, or rejected as bad). */
    public long acksSent() {
        return acksSent.get();
    }

    /** Messages a device link asked to have delivered again (storing failed, the link was not keeping up). */
    public long redeliveriesRequested() {
        return redeliveriesRequested.get();
    }

    /** Reconnects made so that the broker redelivers unacknowledged messages (rate-limited). */
    public long redeliveryReconnects() {
        return redeliveryReconnects.get();
    }

    /** Messages held, unacknowledged, until their device's subscription opens again. */
    public long parked() {
        return parked.get();
    }

    /**
     * Messages left unacknowledged with no one to take them: no configured device's filter matches their topic,
     * or too many were held already. The broker delivers them again after the next reconnect.
     */
    public long unrouted() {
        return unrouted.get();
    }

    /** Settlements that came after the connection the message arrived on had ended: no PUBACK, it is redelivered. */
    public long staleSettlements() {
        return staleSettlements.get();
    }

    @Override
    public String toString() {
        return "connects=" + connects() + " connectFailures=" + connectFailures() + " losses=" + connectionLosses()
                + " received=" + messagesReceived() + " acks=" + acksSent() + " redeliveriesRequested="
                + redeliveriesRequested() + " redeliveryReconnects=" + redeliveryReconnects() + " parked=" + parked()
                + " unrouted=" + unrouted() + " stale=" + staleSettlements();
    }
}
