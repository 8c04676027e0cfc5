package org.smartclinic.drivers.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one device's transport, shared by the successive transport instances of its link so they add up
 * over reconnects. Read by the gateway's metrics; written by transports and links from any thread.
 */
public final class TransportStats {

    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong bytesDropped = new AtomicLong();

    public void connected() {
        connects.incrementAndGet();
    }

    public void connectFailed() {
        connectFailures.incrementAndGet();
    }

    public void disconnected() {
        disconnects.incrementAndGet();
    }

    public void received(int bytes) {
        bytesIn.addAndGet(bytes);
    }

    public void sent(int bytes) {
        bytesOut.addAndGet(bytes);
    }

    public void message(int bytes) {
        messagesIn.incrementAndGet();
        bytesIn.addAndGet(bytes);
    }

    /** Received bytes thrown away because the link was not keeping up with a flooding device. */
    public void dropped(int bytes) {
        bytesDropped.addAndGet(bytes);
    }

    public long connects() {
        return connects.get();
    }

    public long connectFailures() {
        return connectFailures.get();
    }

    public long disconnects() {
        return disconnects.get();
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    public long messagesIn() {
        return messagesIn.get();
    }

    public long bytesDropped() {
        return bytesDropped.get();
    }
}
